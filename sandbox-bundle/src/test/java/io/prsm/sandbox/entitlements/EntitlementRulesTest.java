package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.Test;

import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.PluginEntitlements;
import io.prsm.sandbox.policy.PluginEntitlements.FileEntry;

public class EntitlementRulesTest {

    private static final Path ROOT = Path.of("/srv/prsm/plugins");
    private static final Path JDK = Path.of("/opt/jdk");
    private final EntitlementRules rules = new EntitlementRules(ROOT, JDK);
    private final SinkActs acts = new SinkActs(type -> false);

    private Optional<String> refusal(Classification level, PluginEntitlements granted, String sink, Object target,
            Object detail) {
        List<Act> wanted = acts.describe(sink, target, detail);
        assertEquals(1, wanted.size());
        return rules.refusal("p", level, granted, wanted.get(0), thread -> false, type -> false, bundleId -> false,
                type -> false);
    }

    private boolean allowed(Classification level, PluginEntitlements granted, String sink, Object target) {
        return refusal(level, granted, sink, target, null).isEmpty();
    }

    /** A member by reflection or a method handle: only of a class the plugin's own loader links to, or its own. */
    @Test
    public void aPluginUsesByReflectionOnlyWhatItCouldLink() {
        Act member = acts.describe("reflection.member", java.util.concurrent.atomic.LongAdder.class, "reset").get(0);
        assertEquals(Operation.FOREIGN_MEMBER, member.operation());
        assertEquals("java.util.concurrent.atomic.LongAdder.reset", member.target());
        for (Classification level : List.of(Classification.SANDBOX, Classification.ISOLATED)) {
            Optional<String> unlinked = rules.refusal("p", level, PluginEntitlements.NONE, member, thread -> false,
                    type -> false, bundleId -> false, type -> false);
            assertTrue(unlinked.orElseThrow(), unlinked.orElseThrow().contains("Import-Package"));
            assertTrue(rules.refusal("p", level, PluginEntitlements.NONE, member, thread -> false, type -> false,
                    bundleId -> false, type -> type == java.util.concurrent.atomic.LongAdder.class).isEmpty());
            assertTrue(rules.refusal("p", level, PluginEntitlements.NONE, member, thread -> false,
                    type -> type == java.util.concurrent.atomic.LongAdder.class, bundleId -> false, type -> false)
                    .isEmpty());
            assertFalse(rules.refusal("p", level, PluginEntitlements.NONE, member, thread -> false,
                    type -> type == String.class, bundleId -> false, type -> type == String.class).isEmpty());
        }
    }

    @Test
    public void sandboxPluginMayReadAndWriteItsOwnDataFolderAndNothingElse() {
        assertTrue(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.write", ROOT.resolve("p/data/x")));
        assertTrue(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.read", ROOT.resolve("p/data")));
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.write", ROOT.resolve("q/data/x")));
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.read", Path.of("/etc/passwd")));
    }

    @Test
    public void dotDotDoesNotLeaveTheDataFolder() {
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.read",
                ROOT.resolve("p/data/../../q/data/secret").toString()));
    }

    /**
     * A ".." the names keep inside the data folder is refused too (atk5): the kernel walks it through
     * the folders as they stand when it acts, and another thread can move a folder between the check
     * and the act (races-a-rename-under-dot-dot). A "." alone changes nothing and stays allowed.
     */
    @Test
    public void dotDotIsRefusedEvenWhereTheNamesStayInTheDataFolder() {
        String inside = ROOT.resolve("p/data/a/b/c/../../../x").toString();
        Optional<String> refused = refusal(Classification.SANDBOX, PluginEntitlements.NONE, "file.read", inside, null);
        assertTrue(refused.orElseThrow(), refused.orElseThrow().contains("use the normalized path (" + ROOT.resolve("p/data/x")));
        assertTrue(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.read", ROOT.resolve("p/data/./x").toString()));
    }

    @Test
    public void aLinkInTheDataFolderMayNotReachOutOfIt() {
        Path link = ROOT.resolve("p/data/link");
        List<Act> linking = acts.describe("file.link", link, Path.of("../../../../../etc/passwd"));
        assertEquals("/etc/passwd", linking.get(1).target());
        assertTrue(rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE, linking.get(1), thread -> false,
                type -> false, bundleId -> false, type -> false).isPresent());
        assertTrue(rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE,
                acts.describe("file.link", link, Path.of("other")).get(1), thread -> false, type -> false, bundleId -> false,
                type -> false).isEmpty());
    }

    /**
     * A symbolic link wholly inside the data folder still breaks the path rule: "link/.." is where
     * the link points, not the folder the names say (data/d/up -> data, then data/d/up/../../..).
     * A file reached relative to a directory held open names no folder at all.
     */
    @Test
    public void aSymbolicLinkOrAnOpenDirectoryIsRefusedEvenInsideTheDataFolder() {
        Path data = ROOT.resolve("p/data");
        Optional<String> linking = refusal(Classification.SANDBOX, PluginEntitlements.NONE, "file.symlink",
                data.resolve("d/up"), data);
        assertTrue(linking.orElseThrow(), linking.orElseThrow().contains("nothing below trusted may"));
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.relative", Path.of("kept")));
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.relative", data.resolve("kept")));
        // a hard link cannot point at a folder: inside the data folder it stays allowed
        assertTrue(rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE,
                acts.describe("file.link", data.resolve("hard"), data.resolve("kept")).get(1), thread -> false,
                type -> false, bundleId -> false, type -> false).isEmpty());
    }

    /** Its threads need not be the plugin's: where a redirect or a proxy leads would go unchecked. */
    @Test
    public void anHttpClientMayNotFollowRedirectsOrUseAProxy() {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://h:80/")).build();
        PluginEntitlements granted = new PluginEntitlements(List.of(), List.of("h:80"), List.of(), false);
        java.net.http.HttpClient following = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        List<Act> wanted = acts.describe("net.http", request, following);
        assertEquals(2, wanted.size());
        assertTrue(rules.refusal("p", Classification.SANDBOX, granted, wanted.get(0), thread -> false, type -> false,
                bundleId -> false, type -> false).isEmpty());
        assertTrue(rules.refusal("p", Classification.SANDBOX, granted, wanted.get(1), thread -> false, type -> false,
                bundleId -> false, type -> false).orElseThrow().contains("Redirect.NEVER"));
        java.net.http.HttpClient proxied = java.net.http.HttpClient.newBuilder()
                .proxy(java.net.ProxySelector.of(InetSocketAddress.createUnresolved("proxy", 3128))).build();
        assertEquals(2, acts.describe("net.http", request, proxied).size());
        java.net.http.HttpClient plain = java.net.http.HttpClient.newBuilder().executor(Runnable::run).build();
        assertEquals(List.of(Act.of(Operation.CONNECT, "h:80")), acts.describe("net.http", request, plain));
    }

    @Test
    public void aReverseLookupIsANameLookupOfThatAddress() throws Exception {
        java.net.InetAddress address = java.net.InetAddress.getByAddress(new byte[] { 10, 1, 2, 3 });
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "net.reverse", address));
    }

    @Test
    public void isolatedPluginMayTouchNoFileNotEvenItsDataFolder() {
        assertFalse(allowed(Classification.ISOLATED, PluginEntitlements.NONE, "file.write", ROOT.resolve("p/data/x")));
        assertFalse(allowed(Classification.UNKNOWN, PluginEntitlements.NONE, "file.read", ROOT.resolve("p/data/x")));
    }

    @Test
    public void everyPluginMayReadTheJdksOwnFilesButNotWriteThem() {
        assertTrue(allowed(Classification.ISOLATED, PluginEntitlements.NONE, "file.read", JDK.resolve("lib/tzdb.dat")));
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "file.write", JDK.resolve("lib/tzdb.dat")));
    }

    @Test
    public void aGrantedRelativePathIsUnderTheDataFolderAndReadOnlyUnlessReadWrite() {
        PluginEntitlements imports = new PluginEntitlements(List.of(new FileEntry("../imports", false),
                new FileEntry("/srv/out", true)), List.of(), List.of(), false);
        assertTrue(allowed(Classification.ISOLATED, imports, "file.read", ROOT.resolve("p/imports/a.csv")));
        assertFalse(allowed(Classification.ISOLATED, imports, "file.write", ROOT.resolve("p/imports/a.csv")));
        assertTrue(allowed(Classification.ISOLATED, imports, "file.write", Path.of("/srv/out/b")));
        assertFalse(allowed(Classification.ISOLATED, imports, "file.write", Path.of("/srv/outside")));
    }

    @Test
    public void aRefusalNamesTheAnnotationAndThePolicyEntry() {
        String remedy = refusal(Classification.SANDBOX, PluginEntitlements.NONE, "file.open", Path.of("/etc/hosts"), "r")
                .orElseThrow();
        assertTrue(remedy, remedy.contains("@FileEntitlement(path = \"/etc/hosts\", mode = READ)"));
        assertTrue(remedy, remedy.contains("entitlements.grants.p.files"));
        assertTrue(refusal(Classification.SANDBOX, PluginEntitlements.NONE, "file.open", Path.of("/etc/hosts"),
                java.util.Set.of(java.nio.file.StandardOpenOption.APPEND)).orElseThrow().contains("READ_WRITE"));
    }

    @Test
    public void outboundPatternsMatchHostAndPortAndANameLookupNeedsTheHostOnly() {
        PluginEntitlements api = new PluginEntitlements(List.of(), List.of("*.example.org:443", "localhost:*"), List.of(),
                false);
        assertTrue(allowed(Classification.SANDBOX, api, "net.connect", InetSocketAddress.createUnresolved("api.example.org", 443)));
        assertFalse(allowed(Classification.SANDBOX, api, "net.connect", InetSocketAddress.createUnresolved("api.example.org", 80)));
        assertFalse(allowed(Classification.SANDBOX, api, "net.connect", InetSocketAddress.createUnresolved("a.b.example.org", 443)));
        assertTrue(allowed(Classification.SANDBOX, api, "net.resolve", "api.example.org"));
        assertTrue(allowed(Classification.SANDBOX, api, "net.connect", InetSocketAddress.createUnresolved("localhost", 8080)));
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "net.resolve", "api.example.org"));
        assertTrue("an address literal needs no lookup", acts.describe("net.resolve", "10.0.0.1", null).isEmpty());
    }

    @Test
    public void listeningNeedsTheInboundPortWhileAClientsEphemeralBindIsNoAct() {
        PluginEntitlements port = new PluginEntitlements(List.of(), List.of(), List.of("8085"), false);
        assertTrue(acts.describe("net.bind", new InetSocketAddress(0), null).isEmpty());
        assertTrue(allowed(Classification.SANDBOX, port, "net.bind", new InetSocketAddress(8085)));
        assertFalse(allowed(Classification.SANDBOX, port, "net.bind", new InetSocketAddress(8086)));
    }

    @Test
    public void isolatedMayNotStartThreadsUnlessGrantedAndNoPluginChangesThreadsItDidNotStart() {
        Thread other = new Thread(() -> { });
        assertTrue(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "thread.start", other));
        assertFalse(allowed(Classification.ISOLATED, PluginEntitlements.NONE, "thread.start", other));
        PluginEntitlements threads = new PluginEntitlements(List.of(), List.of(), List.of(), true);
        assertTrue(allowed(Classification.ISOLATED, threads, "thread.start", other));
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "thread.manage:setName", other));
        assertTrue("restoring its own interrupt status",
                allowed(Classification.SANDBOX, PluginEntitlements.NONE, "thread.manage:interrupt", Thread.currentThread()));
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "thread.manage:setName", Thread.currentThread()));
    }

    @Test
    public void aPluginSeesOnlyTheStacksOfItsOwnThreadsAndNeverAllOfThem() {
        Thread other = new Thread(() -> { });
        assertFalse(allowed(Classification.SANDBOX, PluginEntitlements.NONE, "thread.manage:getStackTrace", other));
        assertTrue("its own stack", allowed(Classification.SANDBOX, PluginEntitlements.NONE,
                "thread.manage:getStackTrace", Thread.currentThread()));
        assertTrue("a thread it started", rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE,
                acts.describe("thread.manage:getStackTrace", other, null).get(0), thread -> thread == other,
                type -> false, bundleId -> false, type -> false).isEmpty());
        PluginEntitlements threads = new PluginEntitlements(List.of(), List.of(), List.of(), true);
        assertFalse(allowed(Classification.SANDBOX, threads, "jvm.management:Thread.getAllStackTraces", null));
    }

    @Test
    public void processesExitEnvironmentNativeCodeAndJvmDefaultsAreNeverGranted() {
        PluginEntitlements everything = new PluginEntitlements(List.of(new FileEntry("/", true)), List.of("*:*"),
                List.of("*"), true);
        for (String sink : List.of("jvm.exit:Runtime.exit", "env.read", "native.load", "jvm.defaults:Locale.setDefault",
                "jvm.management:ManagementFactory.getRuntimeMXBean", "property.write", "jvm.gc:System.gc",
                "jvm.gc:MemoryMXBean.gc")) {
            String remedy = refusal(Classification.SANDBOX, everything, sink, "x", null).orElseThrow();
            assertTrue(sink + ": " + remedy, remedy.contains("only a plugin the policy trusts"));
        }
        assertTrue(refusal(Classification.SANDBOX, everything, "process.start", new ProcessBuilder("id"), null).isPresent());
    }

    @Test
    public void onlySensitiveSystemPropertiesAreActs() {
        assertTrue(acts.describe("property.read", "java.version", null).isEmpty());
        assertEquals(Operation.READ_PROPERTY, acts.describe("property.read", "user.home", null).get(0).operation());
        assertEquals(1, acts.describe("property.read", "db.password", null).size());
    }

    @Test
    public void aCopyReadsItsSourceAndWritesItsTarget() {
        List<Act> copy = acts.describe("file.copy", Path.of("/a"), Path.of("/b"));
        assertEquals(List.of(Operation.FILE_READ, Operation.FILE_WRITE), copy.stream().map(Act::operation).toList());
    }

    /** A URL of a framework's bundle protocol, as the framework's handler would make it. */
    private static java.net.URL bundleUrl(String url) throws Exception {
        return new java.net.URL(null, url, new java.net.URLStreamHandler() {
            @Override
            protected java.net.URLConnection openConnection(java.net.URL u) {
                throw new AssertionError("describing an act opened " + u);
            }
        });
    }

    @Test
    public void aPluginReadsItsOwnBundlesEntriesOnly() throws Exception {
        for (String url : List.of("bundle://6c1a-44_7.0:1/META-INF/MANIFEST.MF", "bundleentry://7.fwk1234/a.class",
                "bundleresource://7.fwk1234:2/a.txt", "jar:bundle://6c1a_7.0:1/lib/x.jar!/a")) {
            Act act = acts.describe("net.url", bundleUrl(url), null).get(0);
            assertEquals(url, Operation.BUNDLE_CONTENT, act.operation());
            assertTrue(url, rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE, act, thread -> false,
                    type -> false, bundleId -> bundleId == 7L, type -> false).isEmpty());
            assertTrue(url, rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE, act, thread -> false,
                    type -> false, bundleId -> bundleId == 8L, type -> false).isPresent());
        }
        // a host no framework writes names no bundle: refused, whichever bundle acts
        for (String host : List.of("bundle://+7.0:1/a", "bundle://uuid_7x.0/a", "bundle:///a", "bundle://x_7_8.0/a")) {
            Act act = acts.describe("net.url", bundleUrl(host), null).get(0);
            assertEquals(host, null, act.subject());
            assertTrue(host, rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE, act, thread -> false,
                    type -> false, bundleId -> true, type -> false).isPresent());
        }
    }

    /** A framework's revision of bundle {@code bundleId}, answering only what the act asks. */
    private static Object revisionOf(long bundleId) {
        org.osgi.framework.Bundle bundle = (org.osgi.framework.Bundle) java.lang.reflect.Proxy.newProxyInstance(
                EntitlementRulesTest.class.getClassLoader(), new Class<?>[] { org.osgi.framework.Bundle.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> bundleId;
                    default -> throw new AssertionError("describing a content act asked the bundle " + method);
                });
        return java.lang.reflect.Proxy.newProxyInstance(EntitlementRulesTest.class.getClassLoader(),
                new Class<?>[] { org.osgi.framework.wiring.BundleRevision.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getBundle")) {
                        return bundle;
                    }
                    throw new AssertionError("describing a content act asked the revision " + method);
                });
    }

    /** Equinox's Generation as this bundle sees it: no OSGi type, a bundle info that names the bundle. */
    public static final class Generation {
        public Info getBundleInfo() {
            return new Info();
        }
    }

    public static final class Info {
        public long getBundleId() {
            return 9L;
        }
    }

    @Test
    public void aBundlesContentThroughTheFrameworksRevisionIsItsOwnBundlesOnly() {
        Act felix = acts.describe("framework.content", revisionOf(7L), null).get(0);
        assertEquals(Operation.BUNDLE_CONTENT, felix.operation());
        assertEquals(7L, felix.subject());
        assertTrue(rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE, felix, thread -> false,
                type -> false, bundleId -> bundleId == 7L, type -> false).isEmpty());
        assertTrue(rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE, felix, thread -> false,
                type -> false, bundleId -> bundleId == 8L, type -> false).isPresent());
        assertEquals(9L, acts.describe("framework.content", new Generation(), null).get(0).subject());
        // an object that names no bundle: refused, whichever bundle acts
        Act unknown = acts.describe("framework.content", "not a revision", null).get(0);
        assertEquals(null, unknown.subject());
        assertTrue(rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE, unknown, thread -> false,
                type -> false, bundleId -> true, type -> false).isPresent());
    }

    @Test
    public void theTerminalIsNeverGrantedAndOnlyStandardInputsDescriptorIsIt() {
        PluginEntitlements everything = new PluginEntitlements(List.of(new FileEntry("/", true)), List.of("*:*"),
                List.of("*"), true);
        for (String sink : List.of("terminal.read", "terminal.console", "terminal.channel")) {
            assertTrue(sink, refusal(Classification.SANDBOX, everything, sink, null, null).isPresent());
        }
        assertTrue(refusal(Classification.SANDBOX, everything, "terminal.descriptor", java.io.FileDescriptor.in, null)
                .isPresent());
        assertTrue(acts.describe("terminal.descriptor", new java.io.FileDescriptor(), null).isEmpty());
    }

    @Test
    public void theFrameworksActsOnBundlesAreNeverGranted() {
        PluginEntitlements everything = new PluginEntitlements(List.of(new FileEntry("/", true)), List.of("*:*"),
                List.of("*"), true);
        for (String sink : List.of("framework.bundle:stop", "framework.install", "framework.levels:Felix.setStartLevel",
                "framework.context")) {
            List<Act> wanted = acts.describe(sink, "x", null);
            assertEquals(sink, Operation.FRAMEWORK, wanted.get(0).operation());
            assertTrue(sink, rules.refusal("p", Classification.SANDBOX, everything, wanted.get(0), thread -> false,
                    type -> true, bundleId -> true, type -> false).isPresent());
        }
    }

    @Test
    public void urlsIntoTheJdkImageAreNoActsButFileAndJarUrlsAreFileReads() throws Exception {
        assertTrue(acts.describe("net.url", new java.net.URL("jrt:/java.base/java/lang/Object.class"), null).isEmpty());
        assertEquals("/x.jar", acts.describe("net.url", new java.net.URL("jar:file:/x.jar!/a"), null).get(0).target());
        assertEquals(Operation.CONNECT, acts.describe("net.url", new java.net.URL("http://h:81/"), null).get(0).operation());
    }

    @Test
    public void closingTheJvmsStandardStreamsIsAJvmWideActClosingOthersIsNone() {
        assertEquals(Operation.JVM_DEFAULTS, acts.describe("file.close", java.io.FileDescriptor.err, null).get(0).operation());
        assertTrue(acts.describe("file.close", new java.io.FileDescriptor(), null).isEmpty());
    }

    @Test
    public void aSinkThisGatekeeperDoesNotKnowIsRefused() {
        assertTrue(refusal(Classification.SANDBOX, PluginEntitlements.NONE, "something.new", null, null).isPresent());
    }
}
