package io.surge.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code .properties} format with line numbers, which {@link java.util.Properties}
 * does not keep, and with strict checks it does not make: invalid UTF-8, duplicate keys and
 * stray white space are reported instead of silently accepted.
 *
 * <p>Supported: {@code key=value}, {@code key: value} and {@code key value}; comment lines
 * starting with {@code #} or {@code !}; a trailing backslash continues a line; backslash escapes
 * {@code \t \n \r \f \\ \= \: \#} and {@code \\uXXXX}.
 */
final class PropertiesParser
{
    /**
     * One {@code key=value} line.
     *
     * @param key   the key.
     * @param value the value, escapes resolved, leading white space removed, trailing kept.
     * @param line  1-based line where the entry starts.
     */
    record Entry(String key, String value, int line)
    {
    }

    private PropertiesParser()
    {
    }

    /**
     * Decodes and parses.
     *
     * @param bytes    the file's bytes.
     * @param fileName the file's name for messages.
     * @param problems receives syntax problems, one line each.
     * @return the entries in file order (duplicates included: the caller reports them).
     */
    static List<Entry> parse(final byte[] bytes, final String fileName, final List<String> problems)
    {
        final String text = decode(bytes, fileName, problems);
        final List<Entry> entries = new ArrayList<>();
        if (text == null)
        {
            return entries;
        }
        final String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length)
        {
            final int startLine = i + 1;
            String logical = stripLeading(lines[i]);
            i++;
            if (logical.isEmpty() || logical.charAt(0) == '#' || logical.charAt(0) == '!')
            {
                continue;
            }
            while (endsWithContinuation(logical) && i < lines.length)
            {
                logical = logical.substring(0, logical.length() - 1) + stripLeading(lines[i]);
                i++;
            }
            final Entry entry = parseLine(logical, startLine, fileName, problems);
            if (entry != null)
            {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static String decode(final byte[] bytes, final String fileName, final List<String> problems)
    {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF)
        {
            start = 3;
        }
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try
        {
            final CharBuffer chars = decoder.decode(in);
            return chars.toString();
        }
        catch (final CharacterCodingException ex)
        {
            // Find the first bad byte to name its line.
            final CharsetDecoder probe = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
            final ByteBuffer scan = ByteBuffer.wrap(bytes, start, bytes.length - start);
            final CharBuffer out = CharBuffer.allocate(bytes.length + 1);
            probe.decode(scan, out, true);
            final int badOffset = scan.position();
            int line = 1;
            for (int k = start; k < badOffset; k++)
            {
                if (bytes[k] == '\n')
                {
                    line++;
                }
            }
            problems.add(fileName + ":" + line + ": the file is not valid UTF-8 (bad byte 0x" +
                String.format("%02X", bytes[badOffset] & 0xFF) + " at byte offset " + badOffset +
                "); save it as UTF-8");
            return null;
        }
    }

    private static boolean endsWithContinuation(final String line)
    {
        int backslashes = 0;
        for (int k = line.length() - 1; k >= 0 && line.charAt(k) == '\\'; k--)
        {
            backslashes++;
        }
        return (backslashes & 1) == 1;
    }

    private static String stripLeading(final String s)
    {
        int k = 0;
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t' || s.charAt(k) == '\f'))
        {
            k++;
        }
        return s.substring(k);
    }

    private static Entry parseLine(final String line, final int lineNo, final String fileName, final List<String> problems)
    {
        final StringBuilder key = new StringBuilder();
        int k = 0;
        boolean escaped = false;
        while (k < line.length())
        {
            final char c = line.charAt(k);
            if (!escaped && (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f'))
            {
                break;
            }
            if (!escaped && c == '\\')
            {
                escaped = true;
            }
            else
            {
                key.append(c);
                escaped = false;
            }
            k++;
        }
        // Skip white space, then at most one separator, then white space.
        while (k < line.length() && (line.charAt(k) == ' ' || line.charAt(k) == '\t' || line.charAt(k) == '\f'))
        {
            k++;
        }
        if (k < line.length() && (line.charAt(k) == '=' || line.charAt(k) == ':'))
        {
            k++;
        }
        while (k < line.length() && (line.charAt(k) == ' ' || line.charAt(k) == '\t' || line.charAt(k) == '\f'))
        {
            k++;
        }
        final String value;
        try
        {
            value = unescape(line.substring(k));
        }
        catch (final IllegalArgumentException ex)
        {
            problems.add(fileName + ":" + lineNo + ": key '" + key + "': " + ex.getMessage());
            return null;
        }
        return new Entry(key.toString(), value, lineNo);
    }

    private static String unescape(final String s)
    {
        final StringBuilder out = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++)
        {
            final char c = s.charAt(k);
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            if (++k >= s.length())
            {
                break;
            }
            final char e = s.charAt(k);
            switch (e)
            {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' ->
                {
                    if (k + 4 >= s.length())
                    {
                        throw new IllegalArgumentException("incomplete \\u escape in value");
                    }
                    try
                    {
                        out.append((char)Integer.parseInt(s.substring(k + 1, k + 5), 16));
                    }
                    catch (final NumberFormatException | StringIndexOutOfBoundsException ex)
                    {
                        throw new IllegalArgumentException("malformed \\u escape in value");
                    }
                    k += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
