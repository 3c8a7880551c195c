package io.prsm.runtime.embed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.Test;

public class HostServiceTest {

    /** A type of the application's own, as a host service's usually is. */
    public interface Greeting {
        String greet(String name);
    }

    @Test
    public void anApplicationTypeHasItsPackageExported() {
        Greeting greeting = name -> "Hello, " + name;
        assertEquals("io.prsm.runtime.embed", new HostService<>(Greeting.class, greeting, Map.of()).packageToExport());
    }

    @Test
    public void aJdkTypeNeedsNoExport() {
        Supplier<String> supplier = () -> "x";
        assertNull(new HostService<>(Supplier.class, supplier, Map.of()).packageToExport());
    }

    @Test
    public void aServiceThatIsNotOfItsTypeIsRefusedWithBothNamed() {
        @SuppressWarnings({ "unchecked", "rawtypes" })
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new HostService(Greeting.class, "not a greeting", Map.of()));
        assertTrue(refused.getMessage(), refused.getMessage().contains(Greeting.class.getName()));
    }

    @Test
    public void theBuilderRefusesAPortOutOfRange() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PrsmRuntime.builder(java.nio.file.Path.of("unused")).httpPort(70_000));
        assertTrue(refused.getMessage(), refused.getMessage().contains("70000"));
    }
}
