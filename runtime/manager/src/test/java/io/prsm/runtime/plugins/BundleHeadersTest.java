package io.prsm.runtime.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class BundleHeadersTest {

    private static List<String> problems(String... headers) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Bundle-ManifestVersion", "2");
        map.put("Bundle-SymbolicName", "io.example.plugin");
        map.put("Bundle-Version", "1.0.0");
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return BundleHeaders.problems(map);
    }

    @Test
    public void aBundleAsBndWritesItHasNoProblem() {
        assertEquals(List.of(), problems("Import-Package", "io.prsm.api;version=\"[1.0,2)\",org.slf4j;version=\"[2,3)\"",
                "Export-Package", "io.example.api;version=\"1.2.3\"", "Provide-Capability",
                "prsm.plugin;prsm.plugin=x;version:Version=1.0.0;memory:Long=1024;capabilities:List<String>=\"a,b\"",
                "Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\""));
    }

    /**
     * Felix refuses a ':' in a clause's names when the clause has no attribute or directive
     * ("Unable to parse header"); found by ValidationAgreesWithInstallIT's fuzzing (seed
     * 5240802366776196628: "Require-Bundle: x,y0 live measurements: plugins").
     */
    @Test
    public void aColonInANameWithoutAnAttributeIsReported() {
        assertEquals(List.of("Require-Bundle clause 'y1 live measurements: plugins' has a ':' in a name but no "
                + "attribute or directive, which Felix refuses (\"Unable to parse header\"); let bnd write it."),
                problems("Require-Bundle", "x,  ,y0,  ,y1 live measurements: plugins, tasks"));
        assertEquals(1, problems("Import-Package", "a;b:c").size());
        assertEquals(1, problems("Import-Package", "a:b;x=1,c:d").size());
        // with an attribute or directive, and inside quotes, Felix takes it
        assertEquals(List.of(), problems("Import-Package", "a:b;version=1,c;resolution:=optional,d;x=\"p:q\""));
    }

    /**
     * Equinox refuses a dynamic import whose name is quoted ("Invalid manifest header"), Felix takes
     * it; found by ValidationAgreesWithInstallIT's fuzzing (seed 2148600493115173326).
     */
    @Test
    public void aDynamicImportThatIsNoPackageNameIsReported() {
        assertEquals(List.of("DynamicImport-Package \"[1.0,2.0)\"get_dashboard is not a package name, a name ending in .* or *, "
                + "which Equinox refuses; write it unquoted, for example com.example.*."),
                problems("DynamicImport-Package", "\"[1.0,2.0)\"get_dashboard,list_dashboards"));
        assertEquals(List.of(), problems("DynamicImport-Package", "*,com.example.*,com.example.api;version=\"[1,2)\""));
    }

    /** The cases: Felix said only "Could not create bundle object." */
    @Test
    public void anOutOfRangeVersionOrRepeatedAttributeIsReportedOneLineEach() {
        assertEquals(List.of("Bundle-Version '1.0.99999999999' is not an OSGi version: write major.minor.micro with "
                + "numbers up to 2147483647 and an optional qualifier, for example 1.0.0."),
                problems("Bundle-Version", "1.0.99999999999"));
        assertEquals(List.of("Import-Package a sets attribute version twice; keep one."),
                problems("Import-Package", "a;version=1;version=2"));
        assertEquals(List.of("Bundle-SymbolicName names 2 bundles; a bundle has exactly one symbolic name."),
                problems("Bundle-SymbolicName", "a,b"));
    }

    @Test
    public void whatFelixRefusesInPackageHeadersIsReported() {
        assertEquals("bnd imports java.* for Java 17 bundles, and OSGi R7 frameworks accept it", List.of(),
                problems("Import-Package", "java.util,java.util.function"));
        assertTrue(problems("Import-Package", "a,a").get(0).contains("imported twice"));
        assertTrue(problems("Import-Package", "a;version=\"[2.0,1\"").get(0).contains("is not a version range"));
        assertTrue(problems("Export-Package", "java.lang.x").get(0).contains("does not export java.*"));
        assertTrue(problems("Export-Package", "a;version=1.x").get(0).contains("is not an OSGi version"));
        assertTrue(problems("Export-Package", "a;bundle-version=1").get(0).contains("only the framework may set"));
    }

    @Test
    public void capabilitiesMustBeTypedRightAndOutOfTheFrameworksNamespaces() {
        assertTrue(problems("Provide-Capability", "x;n:Long=abc").get(0).contains("'abc' is not a Long"));
        assertTrue(problems("Provide-Capability", "x;v:Version=1.2.3.4.5").get(0).contains("is not a Version"));
        assertTrue(problems("Provide-Capability", "x;v:Weird=1").get(0).contains("the type must be"));
        assertTrue(problems("Require-Capability", "x;filter:=\"(&(a=1)\"").get(0).contains("is not an LDAP filter"));
        assertTrue(problems("Require-Capability", "osgi.wiring.package;filter:=\"(osgi.wiring.package=a)\"").get(0)
                .contains("the osgi.wiring namespaces are the framework's own"));
    }

    @Test
    public void aMissingOrOldManifestVersionIsReported() {
        Map<String, String> headers = Map.of("Bundle-SymbolicName", "a");
        assertTrue(BundleHeaders.problems(headers).get(0).startsWith("Bundle-ManifestVersion is missing"));
        assertTrue(problems("Bundle-ManifestVersion", "3").get(0).startsWith("Bundle-ManifestVersion is '3'"));
    }
}
