package io.prsm.sample.csv;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class CsvTransformerTest {

    private final CsvTransformer comma = new CsvTransformer(',', 100);

    @Test
    public void convertsEachColumnToItsType() throws IOException {
        CsvTransformer.Result result = comma.transform("name,age,score,active,joined\nAda,36,9.5,yes,2025-01-02\n",
                Map.of("age", "integer", "score", "number", "active", "boolean", "joined", "date"), List.of());
        assertEquals(List.of(Map.of("name", "Ada", "age", 36L, "score", 9.5, "active", true, "joined", "2025-01-02")),
                result.records());
        assertTrue(result.errors().isEmpty());
    }

    @Test
    public void aBadValueNamesItsRowAndColumnAndTheOtherRowsGoOn() throws IOException {
        CsvTransformer.Result result = comma.transform("name,age\nAda,36\nBob,old\n,40\n",
                Map.of("age", "integer"), List.of("name"));
        assertEquals(3, result.rows());
        assertEquals(1, result.records().size());
        assertEquals(Map.of("row", 3, "column", "age", "value", "old", "message", "expected a whole number"),
                result.errors().get(0));
        assertEquals(4, result.errors().get(1).get("row"));
        assertEquals("a value is required", result.errors().get(1).get("message"));
    }

    @Test
    public void aRowWithTooManyCellsIsReported() throws IOException {
        CsvTransformer.Result result = comma.transform("a,b\n1,2\n1,2,3\n", Map.of(), List.of());
        assertEquals(1, result.records().size());
        assertEquals(1, result.errors().size());
    }

    @Test
    public void theSchemaMustMatchTheHeader() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> comma.transform("a,b\n1,2\n", Map.of("c", "integer"), List.of()));
        assertTrue(wrong.getMessage(), wrong.getMessage().contains("'c'"));
        assertThrows(IllegalArgumentException.class, () -> comma.transform("a\n1\n", Map.of("a", "colour"), List.of()));
    }

    @Test
    public void readsOtherSeparators() throws IOException {
        assertEquals(2L, new CsvTransformer(';', 10).transform("x;y\n1;2\n", Map.of("y", "integer"), List.of())
                .records().get(0).get("y"));
    }
}
