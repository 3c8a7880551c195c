package io.prsm.runtime.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import org.junit.Test;

public class ShellMessagesTest {

    @Test
    public void strayBracketSaysHowToQuoteIt() {
        assertEquals("The command line has an unmatched ']'. Put an argument that holds brackets in single quotes, "
                + "for example ']'.", ShellMessages.explain("unexpected token ']'"));
    }

    @Test
    public void argumentsThatFitNoVariantPointAtTheCommandsHelp() {
        assertEquals("Wrong arguments for exec. Run help exec to see what it takes.",
                ShellMessages.explain("Cannot coerce exec(Token) to any of [(String, String)]"));
    }

    @Test
    public void unclosedBracketSaysToCloseIt() {
        assertFalse(ShellMessages.explain("unexpected EOF while looking for array token").contains("EOF"));
        assertFalse(ShellMessages.explain("unexpected eof found in the middle of a compound for '{}'").contains("eof"));
    }

    @Test
    public void prsmsOwnMessagesAreLeftAsTheyAre() {
        assertEquals("No plugin 'nope'. Run prsm:list to see installed plugins.",
                ShellMessages.explain("No plugin 'nope'. Run prsm:list to see installed plugins."));
    }

    @Test
    public void failureWithoutMessageIsASentenceWithoutPackageNames() {
        assertFalse(RuntimeShell.describe(new IllegalStateException()).contains("java.lang"));
    }
}
