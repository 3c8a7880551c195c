package io.prsm.sandbox.policy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.SecurityLevel;

public class ContainmentSectionTest {

    private final List<String> problems = new ArrayList<>();

    private ContainmentPolicy parse(String json) throws Exception {
        return ContainmentSection.parse(new ObjectMapper().readTree(json), problems);
    }

    @Test
    public void withoutTheSectionSandboxRunsFourThreadsIsolatedTwoAndCpuOverTheShareIsThrottled() {
        assertEquals(4, ContainmentPolicy.DEFAULT.threadCap(SecurityLevel.SANDBOX));
        assertEquals(2, ContainmentPolicy.DEFAULT.threadCap(SecurityLevel.ISOLATED));
        assertEquals("throttle", ContainmentPolicy.DEFAULT.overCpuShare());
    }

    @Test
    public void theOperatorSetsCapsPerLevelAndQuarantineOverTheShare() throws Exception {
        ContainmentPolicy policy = parse("{\"threads\": {\"sandbox\": 16}, \"over_cpu_share\": \"quarantine\"}");
        assertTrue(problems.toString(), problems.isEmpty());
        assertEquals(16, policy.threadCap(SecurityLevel.SANDBOX));
        assertEquals(2, policy.threadCap(SecurityLevel.ISOLATED));
        assertTrue(policy.quarantineOverCpuShare());
    }

    @Test
    public void eachMistakeIsNamedWithWhatToWriteInstead() throws Exception {
        parse("{\"threads\": {\"trusted\": 3, \"sandbox\": -1, \"isolated\": 2.5}, \"over_cpu_share\": \"kill\", "
                + "\"cpu\": 1}");
        assertEquals(problems.toString(), 5, problems.size());
        assertTrue(problems.toString(), problems.contains("\"containment.threads.trusted\": only sandbox and isolated "
                + "plugins are limited (trusted ones are not counted); write one of those levels"));
        assertTrue(problems.toString(), problems.contains("\"containment.threads.sandbox\" must be a whole number from 0 "
                + "to 10000, not -1"));
        assertTrue(problems.toString(), problems.contains("\"containment.threads.isolated\" must be a whole number from "
                + "0 to 10000, not 2.5"));
        assertTrue(problems.toString(), problems.contains("\"containment.over_cpu_share\" must be \"throttle\" or "
                + "\"quarantine\", not \"kill\""));
        assertFalse(problems.toString(), problems.stream().noneMatch(p -> p.startsWith("Unknown field \"containment.cpu\"")));
    }
}
