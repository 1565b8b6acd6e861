package io.surge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates {@code docs/configuration.md} from the key declarations, so the reference can never
 * disagree with the code (a test fails when the committed file is stale).
 */
public final class ConfigReference
{
    private ConfigReference()
    {
    }

    /**
     * The reference as Markdown.
     *
     * @return the text.
     */
    public static String markdown()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# Configuration reference\n\n");
        sb.append("<!-- Generated from the key declarations by `bin/surge config --reference`; do not edit by hand. -->\n\n");
        sb.append("A run is one `.properties` file; `--set key=value` (repeatable) overrides it. ")
            .append("Every key below has a type, a default and an allowed range or set of values; ")
            .append("anything else (unknown or misspelt keys, wrong types, values out of range, empty values, ")
            .append("stray white space, duplicate keys, files that are not UTF-8) is an error that names the file, ")
            .append("line, key, value and what is allowed, and `surge` exits with status 2 before anything starts. ")
            .append("The resolved configuration (file, overrides and defaults, with comments saying which) is written ")
            .append("to `config.properties` in the run directory; `bin/surge config FILE` prints it without running.\n");
        final Map<String, List<Key<?>>> sections = new LinkedHashMap<>();
        for (final Key<?> key : KeyCatalog.keys().values())
        {
            sections.computeIfAbsent(key.section(), s -> new ArrayList<>()).add(key);
        }
        for (final Map.Entry<String, List<Key<?>>> section : sections.entrySet())
        {
            sb.append("\n## ").append(section.getKey()).append("\n\n");
            sb.append("| key | type and allowed values | default | unit | description |\n");
            sb.append("|---|---|---|---|---|\n");
            for (final Key<?> key : section.getValue())
            {
                final String def = key.defaultValue() != null ? "`" + key.format(key.defaultValue()) + "`" :
                    key.defaultDescription() != null ? key.defaultDescription() : "required";
                sb.append("| `").append(key.name()).append("` | ")
                    .append(escape(key.allowed())).append(" | ")
                    .append(escape(def)).append(" | ")
                    .append(escape(key.unit())).append(" | ")
                    .append(escape(key.doc())).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String escape(final String text)
    {
        return text.replace("|", "\\|");
    }
}
