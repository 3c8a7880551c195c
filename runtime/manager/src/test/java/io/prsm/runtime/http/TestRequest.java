package io.prsm.runtime.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

/**
 * A request to {@link AdminRoutes} as a test builds it: a JSON body, or (with {@code body}) an
 * uploaded jar.
 *
 * <p>Concurrent semantics: immutable.
 */
record TestRequest(String method, String contentType, Map<String, String> queries, Map<String, Object> jsonBody,
        byte[] bytes, boolean wantsShellAdvice) implements AdminRoutes.Request {

    /** A JSON request. */
    static TestRequest json(String method, Map<String, Object> body) {
        return new TestRequest(method, "application/json", Map.of(), body, new byte[0], false);
    }

    /** An upload of {@code jar} as application/java-archive, with {@code queries}. */
    static TestRequest upload(String method, Map<String, String> queries, byte[] jar) {
        return new TestRequest(method, "application/java-archive", queries, null, jar, false);
    }

    /** The same request as {@code --connect} sends it. */
    TestRequest fromConnect() {
        return new TestRequest(method, contentType, queries, jsonBody, bytes, true);
    }

    @Override
    public String query(String name) {
        return queries.get(name);
    }

    @Override
    public Map<String, Object> json() throws ApiError {
        if (jsonBody == null) {
            throw new ApiError(400, "not JSON");
        }
        return jsonBody;
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(bytes);
    }
}
