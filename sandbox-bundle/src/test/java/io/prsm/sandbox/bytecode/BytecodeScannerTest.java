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

    private final BytecodeScanner scanner = new BytecodeScanner(DenyList.standard());

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
    public void violationNamesClassMethodLineApiAndLevel() throws IOException {
        Violation violation = scan(ExitsTheJvm.class, SecurityLevel.SANDBOX).get(0);
        assertEquals("quit()V", violation.method());
        assertTrue(violation.line() > 0);
        assertEquals("io.prsm.sandbox.bytecode.fixtures.ExitsTheJvm.quit()V line " + violation.line()
                + " uses java.lang.System.exit: stopping the JVM is not allowed at level sandbox", violation.toString());
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
