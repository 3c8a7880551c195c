/**
 * The gatekeeper's part of the HTTP API: the servlet context that authenticates callers by
 * bearer token and refuses a request whose token lacks the permission of what it asks for.
 */
package io.prsm.sandbox.http;
