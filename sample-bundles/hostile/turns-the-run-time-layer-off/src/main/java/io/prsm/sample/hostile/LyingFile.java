package io.prsm.sample.hostile;

import java.nio.file.Path;

/** A File that tells whoever asks {@code toPath} its data folder, while the JDK opens the path it was made with. */
final class LyingFile extends java.io.File {

    private static final long serialVersionUID = 1L;
    private final String data;

    LyingFile(String out, String data) {
        super(out);
        this.data = data;
    }

    @Override
    public Path toPath() {
        return Path.of(data, "innocent.txt");
    }
}
