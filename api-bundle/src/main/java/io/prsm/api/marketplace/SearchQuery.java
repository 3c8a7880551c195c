package io.prsm.api.marketplace;

/**
 * What to look for; a null or empty part matches everything.
 *
 * @param text found in the plugin id, name or description, ignoring case
 * @param type the plugin type, exactly
 * @param capability one of the plugin's capabilities, exactly
 * @param level the security level, exactly
 */
public record SearchQuery(String text, String type, String capability, String level) {

    /** Every plugin of every repository. */
    public static SearchQuery all() {
        return new SearchQuery(null, null, null, null);
    }
}
