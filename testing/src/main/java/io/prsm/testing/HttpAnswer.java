package io.prsm.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the runtime's HTTP API answered.
 *
 * @param status the HTTP status
 * @param body the JSON body
 */
public record HttpAnswer(int status, JsonNode body) {

    /** The error message of an error answer, or an empty string. */
    public String error() {
        JsonNode error = body.get("error");
        return error == null ? "" : error.asText();
    }
}
