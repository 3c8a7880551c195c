/**
 * The web console at {@code /console}: pages and assets from this bundle, a client of the admin
 * API in the servlet context the gatekeeper secures, with a login form that keeps the token in an
 * HttpOnly, SameSite=Strict cookie.
 */
package io.prsm.runtime.console;
