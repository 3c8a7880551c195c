package io.prsm.runtime.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

public class ConsoleAssetsTest {

    private final ConsoleAssets assets = new ConsoleAssets(ConsoleAssetsTest.class.getClassLoader());
    private final Map<String, String> headers = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
    }

    @Test
    public void theChartingLibraryAndItsLicenceComeFromTheBundle() throws Exception {
        assertTrue(assets.write("uplot/LICENSE", response()));
        assertEquals("text/plain; charset=utf-8", headers.get("Content-Type"));
        assertTrue(body.toString(StandardCharsets.UTF_8).contains("MIT"));
        body.reset();
        assertTrue(assets.write("uplot/uPlot.esm.js", response()));
        assertEquals("text/javascript; charset=utf-8", headers.get("Content-Type"));
        assertTrue(headers.get("Content-Security-Policy").startsWith("default-src 'self'"));
        assertTrue(body.size() > 100_000);
    }

    @Test
    public void nothingOutsideTheConsoleFolderOrOfAnUnknownKindIsServed() throws Exception {
        for (String name : new String[] { "../io/prsm/runtime/http/openapi.json", "uplot/../../io/prsm/runtime/http/openapi.json",
                "/etc/passwd", "uplot/package.json", "index.html%00.js", "", "nothing.js" }) {
            assertFalse(name, assets.write(name, response()));
        }
        assertEquals(0, body.size());
    }
}
