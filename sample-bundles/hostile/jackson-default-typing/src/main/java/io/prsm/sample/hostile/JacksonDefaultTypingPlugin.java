package io.prsm.sample.hostile;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that lets the JSON it reads name the classes Jackson instantiates: a gadget chain away from a file or a process. */
@PrsmPlugin(id = "jackson-default-typing", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class JacksonDefaultTypingPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        ObjectMapper mapper = new ObjectMapper();
        mapper.activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.EVERYTHING);
        try {
            Holder holder = mapper.readValue(String.valueOf(task.config().get("json")), Holder.class);
            return PluginResponse.success(String.valueOf(holder.value));
        } catch (JsonProcessingException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    /** What the input fills in: any class the JSON names. */
    public static final class Holder {
        @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
        public Object value;
    }
}
