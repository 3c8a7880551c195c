/** The {@code prsm} Gogo commands and the formats they print. */
package io.prsm.runtime.commands;
