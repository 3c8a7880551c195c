package io.prsm.sample.hostile;

/**
 * Never loaded through the bundle's class loader: the plugin defines it from its own bytes with
 * {@code Lookup.defineClass}, so the weaving that counts plugin code would never see it.
 */
public final class NeverWoven {

    @Override
    public String toString() {
        TurnsTheRunTimeLayerOffPlugin.act(System.getProperty("java.io.tmpdir") + "/prsm-never-woven");
        return "unwoven";
    }
}
