package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Test;
import org.objectweb.asm.ClassReader;

import io.prsm.api.SecurityLevel;
import io.prsm.sandbox.bytecode.fixtures.DefinesAClass;
import io.prsm.sandbox.bytecode.fixtures.DeletesThroughAMethodReference;
import io.prsm.sandbox.bytecode.fixtures.DeserializesAnObject;
import io.prsm.sandbox.bytecode.fixtures.ExitsTheJvm;
import io.prsm.sandbox.bytecode.fixtures.LoadsANativeLibrary;
import io.prsm.sandbox.bytecode.fixtures.OpensASocket;
import io.prsm.sandbox.bytecode.fixtures.OpensAUrl;
import io.prsm.sandbox.bytecode.fixtures.ReadsAFile;
import io.prsm.sandbox.bytecode.fixtures.ReadsTheEnvironment;
import io.prsm.sandbox.bytecode.fixtures.ReflectsIntoAField;
import io.prsm.sandbox.bytecode.fixtures.RegistersAHook;
import io.prsm.sandbox.bytecode.fixtures.StartsAProcess;
import io.prsm.sandbox.bytecode.fixtures.StartsAThread;
import io.prsm.sandbox.bytecode.fixtures.UsesServiceLoader;
import io.prsm.sandbox.bytecode.fixtures.WellBehaved;
import io.prsm.sandbox.bytecode.fixtures.WritesAFile;

public class BytecodeScannerTest {

    private final BytecodeScanner scanner = new BytecodeScanner(AllowList.standard());

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    private List<Violation> scan(Class<?> type, SecurityLevel level) throws IOException {
        return scanner.scanClass(classFile(type), level);
    }

    private void assertDenied(Class<?> type, SecurityLevel level, String api, String reason) throws IOException {
        List<Violation> violations = scan(type, level);
        assertTrue(type.getSimpleName() + " should use " + api + ": " + violations,
                violations.stream().anyMatch(v -> v.api().equals(api) && v.reason().equals(reason)));
        Violation first = violations.stream().filter(v -> v.api().equals(api)).findFirst().orElseThrow();
        assertEquals(type.getName(), first.className());
        assertEquals(level, first.level());
    }

    @Test
    public void fileSystemIsDeniedToSandbox() throws IOException {
        assertDenied(ReadsAFile.class, SecurityLevel.SANDBOX, "java.nio.file.Files.readString", "file system access");
        assertDenied(WritesAFile.class, SecurityLevel.SANDBOX, "java.io.FileOutputStream.<init>", "file system access");
    }

    @Test
    public void fileSystemReachedThroughAMethodReferenceIsDenied() throws IOException {
        assertDenied(DeletesThroughAMethodReference.class, SecurityLevel.SANDBOX, "java.io.File.delete",
                "file system access");
    }

    @Test
    public void networkIsDenied() throws IOException {
        assertDenied(OpensASocket.class, SecurityLevel.SANDBOX, "java.net.Socket.<init>", "network access");
        assertDenied(OpensAUrl.class, SecurityLevel.ISOLATED, "java.net.URL.openStream", "network access");
    }

    @Test
    public void processesExitEnvironmentAndNativeCodeAreDenied() throws IOException {
        assertDenied(StartsAProcess.class, SecurityLevel.SANDBOX, "java.lang.ProcessBuilder.<init>", "starting processes");
        assertDenied(StartsAProcess.class, SecurityLevel.SANDBOX, "java.lang.Runtime.exec", "starting processes");
        assertDenied(ExitsTheJvm.class, SecurityLevel.SANDBOX, "java.lang.System.exit", "stopping the JVM");
        assertDenied(ReadsTheEnvironment.class, SecurityLevel.SANDBOX, "java.lang.System.getenv",
                "reading the environment");
        assertDenied(ReadsTheEnvironment.class, SecurityLevel.SANDBOX, "java.lang.System.setProperty",
                "reading or changing system properties");
        assertDenied(LoadsANativeLibrary.class, SecurityLevel.SANDBOX, "java.lang.System.loadLibrary",
                "loading native code");
    }

    @Test
    public void reflectionClassDefinitionServiceLoaderAndDeserializationAreDenied() throws IOException {
        assertDenied(ReflectsIntoAField.class, SecurityLevel.SANDBOX, "java.lang.Class.getDeclaredField",
                "reflection into other classes' members");
        assertDenied(ReflectsIntoAField.class, SecurityLevel.SANDBOX, "java.lang.reflect.Field.setAccessible",
                "reflection into other classes' members");
        assertDenied(DefinesAClass.class, SecurityLevel.SANDBOX, "java.lang.ClassLoader",
                "defining classes or using class loaders");
        assertDenied(UsesServiceLoader.class, SecurityLevel.SANDBOX, "java.util.ServiceLoader.load",
                "loading services behind the framework's back");
        assertDenied(DeserializesAnObject.class, SecurityLevel.SANDBOX, "java.io.ObjectInputStream.<init>",
                "Java deserialization");
    }

    @Test
    public void frameworkHooksNamedOnlyByClassLiteralOrLambdaAreFound() throws IOException {
        List<Violation> violations = scan(RegistersAHook.class, SecurityLevel.SANDBOX);
        assertTrue(violations.toString(), violations.stream().anyMatch(v -> v.api().equals(
                "org.osgi.framework.hooks.service.FindHook.<class>") && v.method().startsWith("register")));
        assertEquals("the lambda and the class literal", 2, violations.size());
    }

    @Test
    public void threadsAreDeniedToIsolatedOnly() throws IOException {
        assertDenied(StartsAThread.class, SecurityLevel.ISOLATED, "java.lang.Thread.<init>", "creating threads");
        assertDenied(StartsAThread.class, SecurityLevel.ISOLATED, "java.util.concurrent.Executors.newFixedThreadPool",
                "creating threads");
        assertEquals(List.of(), scan(StartsAThread.class, SecurityLevel.SANDBOX));
    }

    @Test
    public void trustedPluginsAreNotRestricted() throws IOException {
        for (Class<?> attack : List.of(ReadsAFile.class, OpensASocket.class, StartsAProcess.class, ExitsTheJvm.class,
                ReflectsIntoAField.class, DefinesAClass.class, StartsAThread.class)) {
            assertEquals(attack.getSimpleName(), List.of(), scan(attack, SecurityLevel.TRUSTED));
        }
    }

    @Test
    public void ordinaryCodeWithLambdasRecordsAndSwitchesPassesEvenIsolated() throws IOException {
        assertEquals(List.of(), scan(WellBehaved.class, SecurityLevel.ISOLATED));
        assertEquals(List.of(), scan(WellBehaved.Point.class, SecurityLevel.ISOLATED));
    }

    @Test
    public void aPluginReadsItsOwnResourcesButNotThroughAnotherClassesLoader() throws IOException {
        assertEquals(List.of(), scan(io.prsm.sandbox.bytecode.fixtures.ReadsItsOwnResource.class, SecurityLevel.ISOLATED));
        assertDenied(io.prsm.sandbox.bytecode.fixtures.ReadsTheHostsResources.class, SecurityLevel.SANDBOX,
                "java.lang.Class.getResourceAsStream", "reading resources through the loader of a class not the plugin's own");
    }

    @Test
    public void violationNamesClassMethodLineApiAndLevel() throws IOException {
        Violation violation = scan(ExitsTheJvm.class, SecurityLevel.SANDBOX).get(0);
        assertEquals("quit()V", violation.method());
        assertTrue(violation.line() > 0);
        assertEquals("io.prsm.sandbox.bytecode.fixtures.ExitsTheJvm.quit()V line " + violation.line()
                + " uses java.lang.System.exit: stopping the JVM is not allowed at level sandbox (not on the sandbox "
                + "allow-list (\"java.lang.System exit\" is missing))", violation.toString());
    }

    @Test
    public void codeHiddenInANestedJarIsFound() throws IOException {
        byte[] inner = jar("lib/hidden/ReadsAFile.class", classFile(ReadsAFile.class));
        byte[] outer = jar("lib/inner.jar", inner);
        ScanReport report = scanner.scanJar(outer, SecurityLevel.SANDBOX);
        assertEquals(1, report.classesScanned());
        assertFalse(report.passed());
        assertEquals("java.nio.file.Files.readString", report.violations().stream().map(Violation::api)
                .filter(api -> api.startsWith("java.nio.file.Files")).findFirst().orElseThrow());
    }

    @Test
    public void unreadableClassFailsClosed() throws IOException {
        ScanReport report = scanner.scanJar(jar("io/example/Broken.class", new byte[] { 1, 2, 3 }),
                SecurityLevel.SANDBOX);
        assertFalse(report.passed());
        assertTrue(report.violations().get(0).reason(), report.violations().get(0).reason().contains("cannot be read"));
    }

    @Test
    public void theAnalyticsSamplePassesAtItsLevel() throws IOException {
        ScanReport report = scanner.scanJar(Files.readAllBytes(Path.of(System.getProperty("prsm.sample.analytics"))),
                SecurityLevel.SANDBOX);
        assertTrue(report.violations().toString(), report.passed());
        assertTrue(report.classesScanned() >= 5);
    }

    @Test
    public void theRuntimeItselfWouldNotPassAsASandboxPlugin() throws IOException {
        ScanReport report = scanner.scanJar(Files.readAllBytes(Path.of(System.getProperty("prsm.runtime.jar"))),
                SecurityLevel.SANDBOX);
        List<String> classes = report.violations().stream().map(Violation::className).distinct()
                .collect(Collectors.toList());
        assertTrue(classes.toString(), classes.contains("io.prsm.runtime.storage.FilePluginStorage"));
        assertTrue(classes.toString(), classes.contains("io.prsm.runtime.deploy.HotDeployWatcher"));
    }

    @Test
    public void classWithABootstrapOfItsOwnIsFound() {
        List<Violation> violations = scanner.scanClass(OwnBootstraps.invokeDynamic(), SecurityLevel.SANDBOX);
        assertEquals(violations.toString(), 1, violations.size());
        assertEquals("io.example.OwnBootstrap.bootstrap", violations.get(0).api());
        assertTrue(violations.get(0).reason(), violations.get(0).reason().startsWith("an invokedynamic bootstrap"));
    }

    @Test
    public void dynamicConstantWithABootstrapOfItsOwnIsFound() {
        List<Violation> violations = scanner.scanClass(OwnBootstraps.dynamicConstant(), SecurityLevel.ISOLATED);
        assertEquals(violations.toString(), 1, violations.size());
        assertEquals("io.example.OwnBootstrap.bootstrap", violations.get(0).api());
        assertTrue(violations.get(0).reason(), violations.get(0).reason().startsWith("a dynamic constant"));
    }

    /**
     * The constant-pool screen may only skip classes the full scan would pass: over thousands of
     * the JDK's own classes (plenty of file, network, reflection and thread use, lambdas and string
     * concatenation) the screened and the full scan report the same, at both untrusted levels.
     */
    @Test
    public void screenedScanReportsWhatTheFullScanReports() throws IOException {
        BytecodeScanner full = new BytecodeScanner(AllowList::standard, false);
        Path base = java.nio.file.FileSystems.getFileSystem(java.net.URI.create("jrt:/")).getPath("/modules/java.base");
        List<Path> classes;
        try (java.util.stream.Stream<Path> files = Files.walk(base)) {
            classes = files.filter(file -> file.toString().endsWith(".class"))
                    .filter(file -> file.toString().matches("/modules/java.base/(java/(io|nio|net|util|lang)|sun/nio)/.*"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        // every other one: the allow-list reads each JDK class's supertypes, and the test must stay quick
        List<Path> everyOther = new java.util.ArrayList<>();
        for (int i = 0; i < classes.size(); i += 2) {
            everyOther.add(classes.get(i));
        }
        classes = everyOther;
        assertTrue(classes.size() + " classes", classes.size() > 1_000);
        ConstantPoolScreen screen = new ConstantPoolScreen();
        AllowList list = AllowList.standard();
        int violating = 0;
        int cleared = 0;
        for (Path file : classes) {
            byte[] classFile = Files.readAllBytes(file);
            for (SecurityLevel level : List.of(SecurityLevel.SANDBOX, SecurityLevel.ISOLATED)) {
                List<Violation> expected = full.scanClass(classFile, level);
                assertEquals(file + " at " + level, expected, scanner.scanClass(classFile, level));
                violating += expected.isEmpty() ? 0 : 1;
                cleared += screen.needsFullScan(new ClassReader(classFile), classFile, list.rules(level)) ? 0 : 1;
            }
        }
        assertTrue("the comparison must include violating classes, not only clean ones: " + violating,
                violating > 300);
        assertTrue("the comparison must include classes the screen clears: " + cleared, cleared > 300);
    }

    @Test
    public void entriesScannedInParallelAreReportedInTheirOrder() throws Exception {
        List<Class<?>> types = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            types.add(WellBehaved.class);
            types.add(i % 2 == 0 ? ReadsAFile.class : OpensASocket.class);
        }
        List<String> entries = new java.util.ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            entries.add("entry" + i + ".class");
        }
        entries.add("META-INF/MANIFEST.MF");
        BytecodeScanner.EntryReader reader = entry -> classFile(types.get(Integer.parseInt(entry.replaceAll("\\D", ""))));
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            ScanReport sequential = scanner.scanEntries(entries, reader, SecurityLevel.SANDBOX, Runnable::run, 1);
            ScanReport parallel = scanner.scanEntries(entries, reader, SecurityLevel.SANDBOX, threads, 4);
            assertEquals(80, parallel.classesScanned());
            assertEquals(sequential.violations(), parallel.violations());
            assertEquals(ReadsAFile.class.getName(), parallel.violations().get(0).className());
            assertEquals(OpensASocket.class.getName(),
                    parallel.violations().get(parallel.violations().size() - 1).className());
            java.io.IOException e = org.junit.Assert.assertThrows(java.io.IOException.class,
                    () -> scanner.scanEntries(entries, entry -> {
                        if (entry.equals("entry70.class")) {
                            throw new java.io.IOException("disk gone");
                        }
                        return reader.read(entry);
                    }, SecurityLevel.SANDBOX, threads, 4));
            assertEquals("disk gone", e.getMessage());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    public void aDeclaredFinalizerIsReportedAtBothUntrustedLevelsAndACallOfOneIsNot() throws IOException {
        BytecodeScanner full = new BytecodeScanner(AllowList::standard, false);
        for (SecurityLevel level : List.of(SecurityLevel.SANDBOX, SecurityLevel.ISOLATED)) {
            assertDenied(io.prsm.sandbox.bytecode.fixtures.Finalizes.class, level,
                    "java.lang.Object.finalize (overridden)",
                    "code the JVM runs on its one Finalizer thread, where no stop of the runtime reaches it");
            // the screen sends the class to the full scan, which finds the same
            assertEquals(scan(io.prsm.sandbox.bytecode.fixtures.Finalizes.class, level),
                    full.scanClass(classFile(io.prsm.sandbox.bytecode.fixtures.Finalizes.class), level));
        }
        assertTrue(scan(WellBehaved.class, SecurityLevel.SANDBOX).isEmpty());
    }

    private static byte[] jar(String entry, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
