package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.Test;

import io.prsm.limits.JarLimits;

public class NamedInJarTest {

    private static final String OWN = "com/example/Own.class";

    @Test
    public void componentsAndAnActivatorOfThePluginsOwnClassesPass() throws IOException {
        byte[] jar = jar(Map.of("Service-Component", "OSGI-INF/*.xml", "Bundle-Activator", "com.example.Own"),
                Map.of(OWN, "", "OSGI-INF/a.xml", component("com.example.Own"),
                        "OSGI-INF/b.xml", "<components><scr:component xmlns:scr='http://www.osgi.org/xmlns/scr/v1.3.0'"
                                + " name='b'><implementation class='com.example.Own'/></scr:component></components>"));
        assertEquals(List.of(), NamedInJar.problems(jar, JarLimits.DEFAULTS, ClassesItNames.delegatedBy("sun.*")));
    }

    @Test
    public void aJdkClassAsAComponentsImplementationIsRefused() throws IOException {
        // SCR would construct it on its own thread, with no frame of the plugin on the stack (declares-a-jdk-component)
        byte[] jar = jar(Map.of("Service-Component", "OSGI-INF/own.xml,OSGI-INF/jdk.xml"),
                Map.of(OWN, "", "OSGI-INF/own.xml", component("com.example.Own"),
                        "OSGI-INF/jdk.xml", component("java.util.logging.FileHandler")));
        List<String> problems = NamedInJar.problems(jar, JarLimits.DEFAULTS, ClassesItNames.delegatedBy("sun.*"));
        assertEquals(problems.toString(), 1, problems.size());
        assertTrue(problems.get(0), problems.get(0).startsWith("its component OSGI-INF/jdk.xml names implementation class "
                + "java.util.logging.FileHandler, which is not one of its own classes"));
    }

    /**
     * A class file in the jar under a JDK class's name is a decoy: the loader asks the JDK for
     * java.* (and boot-delegated and imported packages) first, so SCR would still construct the
     * JDK's class (atk6, names-jdk-classes-as-its-own).
     */
    @Test
    public void aClassFileUnderAPackageLoadedElsewhereFirstIsNotItsOwn() throws IOException {
        byte[] jar = jar(Map.of("Service-Component", "OSGI-INF/*.xml", "Import-Package",
                "org.slf4j;version=\"[2,3)\",com.example.api", "Bundle-Activator", "sun.misc.Own"),
                Map.of("java/util/Timer.class", "", "org/slf4j/Logger.class", "", "com/example/api/Api.class", "",
                        "sun/misc/Own.class", "", OWN, "",
                        "OSGI-INF/a.xml", component("java.util.Timer"), "OSGI-INF/b.xml", component("org.slf4j.Logger"),
                        "OSGI-INF/c.xml", component("com.example.api.Api"), "OSGI-INF/d.xml", component("com.example.Own")));
        List<String> problems = NamedInJar.problems(jar, JarLimits.DEFAULTS, ClassesItNames.delegatedBy("sun.*"));
        assertEquals(problems.toString(), 4, problems.size());
        for (String named : List.of("java.util.Timer", "org.slf4j.Logger", "com.example.api.Api", "sun.misc.Own")) {
            assertTrue(named + " " + problems, problems.stream().anyMatch(problem -> problem.contains(named)));
        }
    }

    @Test
    public void aJdkClassAsTheActivatorAndSpiFlyHeadersAreRefused() throws IOException {
        byte[] jar = jar(Map.of("Bundle-Activator", "java.util.Timer", "SPI-Provider", "*"), Map.of(OWN, ""));
        List<String> problems = NamedInJar.problems(jar, JarLimits.DEFAULTS, ClassesItNames.delegatedBy("sun.*"));
        assertEquals(problems.toString(), 2, problems.size());
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("it declares SPI-Provider")));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("its Bundle-Activator java.util.Timer")));
    }

    @Test
    public void aDescriptorWithADoctypeOrMissingIsRefusedUnread() throws IOException {
        String entity = "<?xml version='1.0'?><!DOCTYPE c [<!ENTITY x SYSTEM 'file:///etc/hostname'>]>"
                + "<component name='c'><implementation class='&x;'/></component>";
        byte[] jar = jar(Map.of("Service-Component", "OSGI-INF/c.xml, OSGI-INF/gone.xml"),
                Map.of(OWN, "", "OSGI-INF/c.xml", entity));
        List<String> problems = NamedInJar.problems(jar, JarLimits.DEFAULTS, ClassesItNames.delegatedBy("sun.*"));
        assertEquals(problems.toString(), 2, problems.size());
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("OSGI-INF/gone.xml, which is not in its jar")));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("its component descriptor OSGI-INF/c.xml "
                + "cannot be read")));
    }

    private static String component(String implementation) {
        return "<?xml version='1.0' encoding='UTF-8'?><component name='c'><implementation class='" + implementation
                + "'/></component>";
    }

    private static byte[] jar(Map<String, String> headers, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                jar.putNextEntry(new ZipEntry(entry.getKey()));
                jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
