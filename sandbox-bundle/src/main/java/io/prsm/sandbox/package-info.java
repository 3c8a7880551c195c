/** The gatekeeper's activator: loads the policy and puts its layers in force before plugins resolve. */
package io.prsm.sandbox;
