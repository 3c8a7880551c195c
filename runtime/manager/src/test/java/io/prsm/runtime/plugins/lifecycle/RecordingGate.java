package io.prsm.runtime.plugins.lifecycle;

import java.util.ArrayList;
import java.util.List;

import io.prsm.api.Plugin;
import io.prsm.runtime.plugins.lifecycle.TaskGate.Mode;

/** A task gate that remembers its mode and every call the lifecycle made, in order. */
final class RecordingGate implements TaskGate {

    Mode mode = Mode.CLOSED;
    Plugin openOn;
    String closedReason;
    final List<String> calls = new ArrayList<>();

    @Override
    public void hold() {
        mode = Mode.HOLDING;
        openOn = null;
        calls.add("hold");
    }

    @Override
    public void open(Plugin instance) {
        mode = Mode.OPEN;
        openOn = instance;
        calls.add("open");
    }

    @Override
    public void close(String reason) {
        mode = Mode.CLOSED;
        openOn = null;
        closedReason = reason;
        calls.add("close: " + reason);
    }

    @Override
    public void pause() {
        mode = Mode.PAUSED;
        calls.add("pause");
    }

    @Override
    public void resume() {
        mode = Mode.OPEN;
        calls.add("resume");
    }

    @Override
    public void stopRunning(String reason) {
        calls.add("stop running: " + reason);
    }

    @Override
    public void memoryCheck(boolean held) {
        calls.add(held ? "hold for memory check" : "end memory check");
    }
}
