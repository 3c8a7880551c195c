package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.prsm.api.SecurityLevel;

public class AllowListTest {

    private final AllowList standard = AllowList.standard();
    private final AllowRules sandbox = standard.rules(SecurityLevel.SANDBOX);
    private final AllowRules isolated = standard.rules(SecurityLevel.ISOLATED);

    @Test
    public void theLanguageAndItsCollectionsStreamsAndTimeAreAllowed() {
        for (AllowRules rules : List.of(sandbox, isolated)) {
            assertTrue(rules.allows("java/lang/String", "format", "(Ljava/util/Locale;Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;"));
            assertTrue(rules.allows("java/util/ArrayList", "<init>", "()V"));
            assertTrue(rules.allows("java/util/Map$Entry", "getKey", "()Ljava/lang/Object;"));
            assertTrue(rules.allows("java/util/stream/Collectors", "toList", "()Ljava/util/stream/Collector;"));
            assertTrue(rules.allows("java/time/format/DateTimeFormatter", "ofPattern", null));
            assertTrue(rules.allows("java/util/regex/Pattern", "compile", null));
            assertTrue(rules.allows("java/lang/Object", "getClass", "()Ljava/lang/Class;"));
            assertTrue(rules.allows("java/lang/Class", "getSimpleName", "()Ljava/lang/String;"));
        }
    }

    @Test
    public void whatIsNotOnTheListIsRefusedNamingTheMissingEntry() {
        assertEquals("not on the sandbox allow-list (\"java.beans.Introspector\" is missing)",
                sandbox.refusal("java/beans/Introspector", "getBeanInfo", null));
        assertEquals("not on the sandbox allow-list (\"java.lang.Class forName\" is missing)",
                sandbox.refusal("java/lang/Class", "forName", "(Ljava/lang/String;)Ljava/lang/Class;"));
        assertNotNull(sandbox.refusal("java/lang/invoke/MethodHandles$Lookup", "bind", null));
        assertNotNull(sandbox.refusal("java/lang/invoke/ConstantBootstraps", "invoke", null));
        assertNotNull(sandbox.refusal("java/io/File", "<init>", null));
        assertNotNull(sandbox.refusal("java/nio/file/Files", "readString", null));
        assertNotNull(sandbox.refusal("java/net/URI", "toURL", null));
        assertNotNull(sandbox.refusal("java/lang/ProcessBuilder", "<init>", null));
        assertNotNull(sandbox.refusal("java/lang/System", "getProperty", null));
        assertNotNull(sandbox.refusal("java/lang/Integer", "getInteger", null));
        assertNotNull(sandbox.refusal("jdk/internal/misc/Unsafe", "getUnsafe", null));
        assertNotNull("a package a newer JDK adds is the JDK's too", sandbox.refusal("java/lang/classfile/ClassFile", "of", null));
    }

    @Test
    public void jvmWideSettersAreRefusedThoughTheirClassesAreAllowed() {
        assertTrue(sandbox.allows("java/util/Locale", "getDefault", null));
        assertFalse(sandbox.allows("java/util/Locale", "setDefault", null));
        assertFalse(sandbox.allows("java/util/TimeZone", "setDefault", null));
        assertFalse(sandbox.allows("java/lang/Thread", "setDefaultUncaughtExceptionHandler", null));
        assertFalse(sandbox.allows("java/lang/Thread", "setContextClassLoader", null));
        assertFalse(sandbox.allows("java/lang/System", "setOut", null));
        assertNotNull(sandbox.refusal("java/util/logging/LogManager", "reset", null));
        assertNotNull(sandbox.refusal("java/util/ServiceLoader", "load", null));
        assertNotNull(sandbox.refusal("java/util/ResourceBundle", "getBundle", null));
    }

    @Test
    public void threadsAreTheSandboxsNotTheIsolatedLevels() {
        assertTrue(sandbox.allows("java/lang/Thread", "<init>", "(Ljava/lang/Runnable;)V"));
        assertFalse(isolated.allows("java/lang/Thread", "<init>", "(Ljava/lang/Runnable;)V"));
        assertTrue(sandbox.allows("java/util/concurrent/Executors", "newFixedThreadPool", null));
        assertFalse(isolated.allows("java/util/concurrent/Executors", "newFixedThreadPool", null));
        assertTrue(isolated.allows("java/util/concurrent/CompletableFuture", "thenApply", null));
        assertFalse(isolated.allows("java/util/concurrent/CompletableFuture", "supplyAsync", null));
        assertFalse(isolated.allows("java/util/Timer", "<init>", "()V"));
        assertTrue(sandbox.allows("java/util/Timer", "<init>", "()V"));
    }

    @Test
    public void aMemberRestrictedOnAClassStaysRestrictedThroughEverySubclassAndInterface() {
        // ForkJoinWorkerThread is allowed whole at sandbox, but what it inherits from Thread is Thread's
        assertTrue(sandbox.allows("java/util/concurrent/ForkJoinWorkerThread", "getPool", null));
        assertNotNull(sandbox.refusal("java/util/concurrent/ForkJoinWorkerThread", "setContextClassLoader", null));
        assertTrue(sandbox.refusal("java/util/concurrent/ForkJoinWorkerThread", "setDefaultUncaughtExceptionHandler",
                null).startsWith("inherited from java.lang.Thread"));
        // Collection.parallelStream reached through ArrayList, and BaseStream.parallel through Stream
        assertTrue(sandbox.allows("java/util/ArrayList", "parallelStream", null));
        assertFalse(isolated.allows("java/util/ArrayList", "parallelStream", null));
        assertFalse(isolated.allows("java/util/stream/Stream", "parallel", null));
        // String's Constable and ConstantDesc are allowed; what they hand out is not
        assertNotNull(sandbox.descriptorRefusal("(Ljava/lang/invoke/MethodHandles$Lookup;)Ljava/lang/invoke/MethodHandle;"));
    }

    @Test
    public void onlyTypesWhoseEveryMemberIsAllowedMayBeExtendedOrImplemented() {
        assertTrue(sandbox.extensible("java/lang/Object"));
        assertTrue(sandbox.extensible("java/lang/RuntimeException"));
        assertTrue(sandbox.extensible("java/lang/Enum"));
        assertTrue(sandbox.extensible("java/lang/Record"));
        assertTrue(sandbox.extensible("java/util/function/Function"));
        assertFalse("its restricted members would be reached through the subclass", sandbox.extensible("java/lang/Thread"));
        assertFalse(sandbox.extensible("java/lang/ClassLoader"));
        assertTrue(sandbox.extensible("java/util/AbstractList"));
        assertFalse("parallelStream, inherited from Collection", isolated.extensible("java/util/AbstractList"));
        assertTrue("a library's types are the resolver's to judge", sandbox.extensible("com/example/Base"));
    }

    @Test
    public void whatAMemberHandsOutMustBeAllowedToo() {
        assertNotNull(sandbox.descriptorRefusal("()Ljava/lang/ClassLoader;"));
        assertNotNull(sandbox.descriptorRefusal("()[Ljava/lang/reflect/Method;"));
        assertNotNull(sandbox.descriptorRefusal("Ljava/io/File;"));
        assertNull(sandbox.descriptorRefusal("(Ljava/io/File;)V"));
        assertNull(sandbox.descriptorRefusal("()Ljava/util/List;"));
        assertNull(sandbox.descriptorRefusal("()I"));
        assertNull(sandbox.descriptorRefusal("()Lcom/fasterxml/jackson/databind/JsonNode;"));
    }

    @Test
    public void librariesAreTheResolversButTheirDangerousMembersAreRefused() {
        assertTrue(sandbox.allows("com/fasterxml/jackson/databind/ObjectMapper", "readTree", null));
        assertFalse(sandbox.allows("com/fasterxml/jackson/databind/ObjectMapper", "activateDefaultTyping", null));
        assertFalse(sandbox.allows("com/fasterxml/jackson/databind/ObjectMapper", "enableDefaultTyping", null));
        assertFalse(sandbox.allows("com/fasterxml/jackson/databind/ObjectMapper", "findAndRegisterModules", null));
        assertFalse(sandbox.allows("com/fasterxml/jackson/databind/type/TypeFactory", "constructFromCanonical", null));
        assertFalse(sandbox.allows("com/fasterxml/jackson/databind/jsontype/impl/LaissezFaireSubTypeValidator", null, null));
        assertFalse(sandbox.allows("com/fasterxml/jackson/databind/util/ClassUtil", "createInstance", null));
        assertFalse(sandbox.allows("org/osgi/framework/hooks/service/FindHook", null, null));
        assertTrue(sandbox.allows("org/osgi/framework/Bundle", "getSymbolicName", null));
        assertFalse(sandbox.allows("org/osgi/framework/Bundle", "uninstall", null));
    }

    @Test
    public void thePolicyExtendsALevelAndChangesTheFingerprint() {
        AllowList extended = AllowList.withExtensions(Map.of(SecurityLevel.SANDBOX,
                List.of("java.util.logging.Logger getLogger info", "java.net.URI *")));
        AllowRules rules = extended.rules(SecurityLevel.SANDBOX);
        assertTrue(rules.allows("java/util/logging/Logger", "info", null));
        assertFalse(rules.allows("java/util/logging/Logger", "setLevel", null));
        assertTrue(rules.allows("java/net/URI", "create", null));
        assertFalse("isolated is untouched", extended.rules(SecurityLevel.ISOLATED).allows("java/net/URI", "create", null));
        assertFalse("a shipped refusal wins", AllowList.withExtensions(Map.of(SecurityLevel.SANDBOX,
                List.of("java.util.ServiceLoader *"))).rules(SecurityLevel.SANDBOX).allows("java/util/ServiceLoader", "load", null));
        assertNotEquals(standard.fingerprint(), extended.fingerprint());
        assertEquals(standard.fingerprint(), AllowList.standard().fingerprint());
    }

    @Test
    public void malformedEntriesAreReportedWithWhereAndWhy() {
        List<String> problems = AllowList.problems(SecurityLevel.SANDBOX, List.of("java.util.logging.Logger", "java..x *",
                "java.net.URI get-host", "[sandbox]"));
        assertEquals(problems.toString(), 4, problems.size());
        assertTrue(problems.get(0), problems.get(0).contains("levels.sandbox.allow entry \"java.util.logging.Logger\": "
                + "name the members"));
        assertThrows(IllegalArgumentException.class, () -> AllowList.withExtensions(Map.of(SecurityLevel.ISOLATED,
                List.of("not a class!"))));
        assertTrue(AllowList.problems(SecurityLevel.SANDBOX, List.of("java.util.logging.Logger getLogger # why")).isEmpty());
    }
}
