package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReturnSuitesTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Path resource(final String name)
    {
        try
        {
            return Path.of(ReturnSuitesTest.class.getResource("/refdata/" + name).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static ObjectNode load(final String name) throws IOException
    {
        return (ObjectNode)new Conformance(List.of()).parse(resource(name));
    }

    private static SuiteResult runOnly(final ReferenceSuite suite, final JsonNode root)
    {
        assertTrue(suite.recognizes(root), suite.kind() + " should recognise the file");
        return suite.run(root);
    }

    @Test
    void shouldPassEveryVtraceCase() throws IOException
    {
        final SuiteResult result = runOnly(new VtraceSuite(), load("vtrace_cases.json"));
        assertTrue(result.allPassed(), () -> String.join("\n", result.failures()));
        assertEquals(load("vtrace_cases.json").get("cases").size(), result.total());
        assertTrue(result.maxDeviation().get("vs (rel)") <= VtraceSuite.TOLERANCE);
        assertTrue(result.maxDeviation().containsKey("vs from logits (rel)"), "logits cases should run");
    }

    @Test
    void shouldPassEveryRlaxMultistepCase() throws IOException
    {
        final JsonNode root = load("rlax_multistep_cases.json");
        final SuiteResult result = runOnly(new RlaxMultistepSuite(), root);
        assertTrue(result.allPassed(), () -> String.join("\n", result.failures()));
        int cases = 0;
        for (final var function : root.get("functions").properties())
        {
            cases += function.getValue().get("cases").size();
            assertTrue(result.maxDeviation().containsKey(function.getKey() + " (rel)"), function.getKey());
        }
        assertEquals(cases, result.total());
        assertEquals(9, root.get("functions").size());
    }

    @Test
    void shouldMatchEveryValueRescalingRowExactly() throws IOException
    {
        final SuiteResult result = runOnly(new ValueRescalingSuite(), load("value_rescaling_cases.json"));
        assertTrue(result.allPassed(), () -> String.join("\n", result.failures()));
        assertEquals(0.0, result.maxDeviation().get("h (rel)"));
        assertEquals(0.0, result.maxDeviation().get("h_inv_of_x (rel)"));
    }

    @Test
    void shouldPassTheCopiedReferenceFilesThroughTheRunner()
    {
        final List<Path> files = List.of(resource("vtrace_cases.json"), resource("rlax_multistep_cases.json"),
            resource("value_rescaling_cases.json"));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = Conformance.withAllSuites().run(files, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(report);   // the per-function table quoted in docs/returns.md
        assertEquals(Conformance.EXIT_PASS, status, report);
        assertTrue(report.contains("verdict: PASS (3/3 files)"), report);
    }

    @Test
    void shouldRecogniseEachFileByOneSuiteOnly() throws IOException
    {
        final List<ReferenceSuite> suites = ReferenceSuites.all();
        for (final String file : List.of("vtrace_cases.json", "rlax_multistep_cases.json", "value_rescaling_cases.json"))
        {
            final JsonNode root = load(file);
            assertEquals(1, suites.stream().filter(s -> s.recognizes(root)).count(), file);
        }
    }

    @Test
    void shouldNameThePathOfAMissingVtraceField() throws IOException
    {
        final ObjectNode root = load("vtrace_cases.json");
        ((ObjectNode)root.get("cases").get(3)).remove("rewards");
        final ReferenceFormatException ex = assertThrows(ReferenceFormatException.class, () -> new VtraceSuite().run(root));
        assertTrue(ex.getMessage().contains("$.cases[3].rewards"), ex.getMessage());
    }

    @Test
    void shouldRejectAVtraceArrayOfTheWrongShape() throws IOException
    {
        final ObjectNode root = load("vtrace_cases.json");
        ((ArrayNode)root.get("cases").get(2).get("values").get(0)).remove(0);
        final ReferenceFormatException ex = assertThrows(ReferenceFormatException.class, () -> new VtraceSuite().run(root));
        assertTrue(ex.getMessage().contains("$.cases[2].values[0]"), ex.getMessage());
    }

    @Test
    void shouldFailAVtraceCaseWhoseExpectedValueWasAltered() throws IOException
    {
        final ObjectNode root = load("vtrace_cases.json");
        final ArrayNode row = (ArrayNode)root.get("cases").get(5).get("pg_advantages").get(1);
        row.set(0, row.get(0).doubleValue() * (1 + 1e-9));
        final SuiteResult result = new VtraceSuite().run(root);
        assertEquals(result.total() - 1, result.passed());
        assertTrue(result.failures().get(0).startsWith(root.get("cases").get(5).get("name").textValue()), result.failures().get(0));
        assertTrue(result.failures().get(0).contains("pg_advantages[t=1][b=0]"), result.failures().get(0));
    }

    @Test
    void shouldFailAFromLogitsCaseWhoseLogProbWasAltered() throws IOException
    {
        final ObjectNode root = load("vtrace_cases.json");
        int index = -1;
        for (int i = 0; i < root.get("cases").size(); i++)
        {
            if (root.get("cases").get(i).has("behaviour_policy_logits"))
            {
                index = i;
                break;
            }
        }
        assertTrue(index >= 0, "the copy should hold from-logits cases");
        final ArrayNode row = (ArrayNode)root.get("cases").get(index).get("target_action_log_probs").get(0);
        row.set(0, row.get(0).doubleValue() + 1e-6);
        final SuiteResult result = new VtraceSuite().run(root);
        assertEquals(result.total() - 1, result.passed());
        assertTrue(result.failures().get(0).contains("action_log_probs"), result.failures().get(0));
    }

    @Test
    void shouldNameThePathOfAMissingMultistepField() throws IOException
    {
        final ObjectNode root = load("rlax_multistep_cases.json");
        ((ObjectNode)root.get("functions").get("retrace").get("cases").get(1)).remove("mu_t");
        final ReferenceFormatException ex = assertThrows(ReferenceFormatException.class, () -> new RlaxMultistepSuite().run(root));
        assertTrue(ex.getMessage().contains("$.functions.retrace.cases[1].mu_t"), ex.getMessage());
    }

    @Test
    void shouldNameThePathOfAMistypedMultistepField() throws IOException
    {
        final ObjectNode root = load("rlax_multistep_cases.json");
        ((ObjectNode)root.get("functions").get("n_step_bootstrapped_returns").get("cases").get(0)).put("n", "five");
        final ReferenceFormatException ex = assertThrows(ReferenceFormatException.class, () -> new RlaxMultistepSuite().run(root));
        assertTrue(ex.getMessage().contains("$.functions.n_step_bootstrapped_returns.cases[0].n"), ex.getMessage());
    }

    @Test
    void shouldFailEachFunctionsAlteredCaseAndNoOther() throws IOException
    {
        final ObjectNode root = load("rlax_multistep_cases.json");
        int altered = 0;
        for (final var function : root.get("functions").properties())
        {
            final ObjectNode first = (ObjectNode)function.getValue().get("cases").get(0);
            final String field = first.has("expected") ? "expected" : (first.has("expected_td") ? "expected_td" : "expected_pg_advantage");
            final ArrayNode expected = (ArrayNode)first.get(field);
            expected.set(0, expected.get(0).doubleValue() + 1e-6);
            altered++;
        }
        final SuiteResult result = new RlaxMultistepSuite().run(root);
        assertEquals(9, altered);
        assertEquals(result.total() - altered, result.passed());
        assertEquals(altered, result.failures().size());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("retrace") && n.contains("passed")), result.notes().toString());
    }

    @Test
    void shouldFailTheCasesOfAnUnknownFunctionAsNotSupported() throws IOException
    {
        final ObjectNode root = load("rlax_multistep_cases.json");
        final ObjectNode functions = (ObjectNode)root.get("functions");
        functions.set("categorical_td_learning", functions.get("retrace").deepCopy());
        final SuiteResult result = new RlaxMultistepSuite().run(root);
        final int unknownCases = functions.get("retrace").get("cases").size();
        assertEquals(result.total() - unknownCases, result.passed());
        assertTrue(result.failures().stream().allMatch(f -> f.startsWith("categorical_td_learning[") && f.contains("not supported")),
            result.failures().toString());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("categorical_td_learning") && n.contains("not supported")));
    }

    @Test
    void shouldFailAVtraceLambdaCaseWhoseSuccessorValuesAreNotShifted() throws IOException
    {
        final ObjectNode root = load("rlax_multistep_cases.json");
        final ArrayNode vT = (ArrayNode)root.get("functions").get("vtrace_td_error_and_advantage").get("cases").get(0).get("v_t");
        vT.set(0, vT.get(0).doubleValue() + 1.0);
        final SuiteResult result = new RlaxMultistepSuite().run(root);
        assertEquals(result.total() - 1, result.passed());
        assertTrue(result.failures().get(0).contains("not v_tm1[1]"), result.failures().get(0));
    }

    @Test
    void shouldNameThePathOfAMissingValueRescalingField() throws IOException
    {
        final ObjectNode root = load("value_rescaling_cases.json");
        ((ObjectNode)root.get("sets").get("eps=0.01").get("rows").get(4)).remove("h_inv_of_x");
        final ReferenceFormatException ex = assertThrows(ReferenceFormatException.class, () -> new ValueRescalingSuite().run(root));
        assertTrue(ex.getMessage().contains("$.sets.eps=0.01.rows[4].h_inv_of_x"), ex.getMessage());
    }

    @Test
    void shouldFailARescalingRowOffByOneUlp() throws IOException
    {
        final ObjectNode root = load("value_rescaling_cases.json");
        final ObjectNode row = (ObjectNode)root.get("sets").get("eps=0.001").get("rows").get(10);
        row.put("h", Math.nextUp(row.get("h").doubleValue()));
        final SuiteResult result = new ValueRescalingSuite().run(root);
        assertEquals(result.total() - 1, result.passed());
        assertTrue(result.failures().get(0).contains("h = "), result.failures().get(0));
    }

    @Test
    void shouldReportBadInputAndFailureThroughTheRunner(@TempDir final Path dir) throws IOException
    {
        final ObjectNode missing = load("vtrace_cases.json");
        ((ObjectNode)missing.get("cases").get(0)).remove("T");
        Files.writeString(dir.resolve("missing.json"), MAPPER.writeValueAsString(missing));
        final ObjectNode altered = load("value_rescaling_cases.json");
        ((ObjectNode)altered.get("sets").get("eps=0.001").get("rows").get(3)).put("h_inv_of_x", 1.5);
        Files.writeString(dir.resolve("altered.json"), MAPPER.writeValueAsString(altered));
        Files.copy(resource("rlax_multistep_cases.json"), dir.resolve("rlax.json"));

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = Conformance.withAllSuites().run(List.of(dir), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Conformance.EXIT_BAD_INPUT, status, report);
        assertTrue(report.contains("missing.json [vtrace]: bad input: $.cases[0].T: missing field"), report);
        assertTrue(report.contains("altered.json [value-rescaling]") && report.contains("FAIL"), report);
        int rlaxCases = 0;
        for (final var function : load("rlax_multistep_cases.json").get("functions").properties())
        {
            rlaxCases += function.getValue().get("cases").size();
        }
        assertTrue(report.contains("rlax.json [rlax-multistep]: " + rlaxCases + "/" + rlaxCases + " cases passed"), report);
        assertFalse(report.contains("kind not supported"), report);
    }
}
