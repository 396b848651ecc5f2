package dev.chatconversation.autoconfigure;

import dev.chatconversation.boot.ChatToolMethod;
import dev.chatconversation.boot.ChatToolRegistry;
import dev.chatconversation.tool.ChatTool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration of declarative tools: a {@link ChatToolRegistry} of the
 * {@link ChatToolMethod} methods of the context's beans, which the conversation factories
 * give to their conversations (all of them when {@code chat.tools.enabled} is
 * {@code true}, the default).
 *
 * <p>
 * The registry is made once every singleton exists, so that it sees each bean as the
 * context finally made it (with its proxy); a duplicate tool name or a method that cannot
 * be a tool fails start-up.
 */
@AutoConfiguration
@ConditionalOnClass(ChatTool.class)
@EnableConfigurationProperties(ChatToolsProperties.class)
public final class ChatToolsAutoConfiguration {

	@Bean
	@Lazy
	@ConditionalOnMissingBean
	ChatToolRegistry chatToolRegistry(ConfigurableListableBeanFactory beanFactory) {
		return ChatToolMethods.collect(beanFactory);
	}

	@Bean
	SmartInitializingSingleton chatToolRegistryInitializer(ObjectProvider<ChatToolRegistry> registry) {
		return () -> registry.ifAvailable((tools) -> {
		});
	}

}
