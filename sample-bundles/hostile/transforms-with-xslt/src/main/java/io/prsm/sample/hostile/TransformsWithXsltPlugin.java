package io.prsm.sample.hostile;

import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox: Reads a host file through an XSLT stylesheet's document() function. The task's {@code target} names what it aims at.
 * The bytecode scan refuses it at install; with the scan switched off, the entitlement agent must
 * stop it at the JDK's sink.
 */
@PrsmPlugin(id = "transforms-with-xslt", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class TransformsWithXsltPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String target = task.requireString("target");
        try {
            return attack(target);
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        } catch (Throwable other) {
            throw new PluginException(other.toString(), new RuntimeException(other));
        }
    }

    private static PluginResponse attack(String target) throws Throwable {
        String stylesheet = "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
                + "<xsl:template match='/'><xsl:copy-of select=\"document('" + new java.io.File(target).toURI() + "')\"/></xsl:template>"
                + "</xsl:stylesheet>";
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer(new StreamSource(new StringReader(stylesheet)))
                .transform(new StreamSource(new StringReader("<in/>")), new StreamResult(out));
        return PluginResponse.success(out.toString());
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
