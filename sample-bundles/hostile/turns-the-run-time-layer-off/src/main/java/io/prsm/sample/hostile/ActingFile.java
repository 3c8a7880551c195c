package io.prsm.sample.hostile;

import java.nio.file.Path;

/** A File whose {@code toPath} acts: if the check called it while describing the act, the act would go unchecked. */
final class ActingFile extends java.io.File {

    private static final long serialVersionUID = 1L;
    private final String out;

    ActingFile(String out) {
        super("/etc/hostname");
        this.out = out;
    }

    @Override
    public Path toPath() {
        TurnsTheRunTimeLayerOffPlugin.act(out);
        return super.toPath();
    }
}
