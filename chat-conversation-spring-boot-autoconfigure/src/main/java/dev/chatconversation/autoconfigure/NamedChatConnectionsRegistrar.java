package dev.chatconversation.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers a client and a conversation factory for each {@code chat.connections.<name>},
 * named {@code <name>ChatCompletionsClient} and {@code <name>ChatConversationFactory} and
 * qualified by the connection name. They are not default candidates, so injecting a plain
 * {@code ChatCompletionsClient} still gets the default connection's.
 *
 * <p>
 * The definitions name a static factory method of {@link NamedChatConnectionBeans} and
 * carry only the connection name, so Spring AOT can write them as code and a native image
 * can run them; {@link NamedConnectionQualifiers} qualifies them, also in such an
 * application. A bean of the application's own with one of these names takes the place of
 * the library's: the conversation factory of a connection whose client the application
 * defines uses that client.
 */
class NamedChatConnectionsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		if (this.environment == null) {
			return;
		}
		ChatProperties properties = Binder.get(this.environment)
			.bind("chat", Bindable.of(ChatProperties.class))
			.orElseGet(ChatProperties::new);
		ApiKeyValues.warnUnresolved(properties);
		List<String> beanNames = new ArrayList<>();
		List<String> connections = new ArrayList<>();
		for (String name : new ChatPropertiesMapper(properties).namedConnections().keySet()) {
			String client = NamedChatConnectionBeans.clientName(name);
			if (register(registry, client, ChatCompletionsClient.class, "client", name)) {
				beanNames.add(client);
				connections.add(name);
			}
			String factory = NamedChatConnectionBeans.factoryName(name);
			if (register(registry, factory, ChatConversationFactory.class, "factory", name)) {
				beanNames.add(factory);
				connections.add(name);
			}
		}
		if (!beanNames.isEmpty()) {
			RootBeanDefinition qualifiers = new RootBeanDefinition(NamedConnectionQualifiers.class);
			qualifiers.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			qualifiers.getConstructorArgumentValues().addIndexedArgumentValue(0, beanNames.toArray(String[]::new));
			qualifiers.getConstructorArgumentValues().addIndexedArgumentValue(1, connections.toArray(String[]::new));
			registry.registerBeanDefinition(NamedConnectionQualifiers.class.getName(), qualifiers);
		}
	}

	/**
	 * Registers a bean of a named connection unless the application has one of that name.
	 * @return whether the bean was registered
	 */
	private static boolean register(BeanDefinitionRegistry registry, String beanName, Class<?> type,
			String factoryMethod, String connection) {
		if (registry.containsBeanDefinition(beanName)) {
			return false;
		}
		RootBeanDefinition definition = new RootBeanDefinition(NamedChatConnectionBeans.class);
		definition.setUniqueFactoryMethodName(factoryMethod);
		definition.setTargetType(type);
		definition.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, connection);
		NamedConnectionQualifiers.qualify(definition, connection);
		registry.registerBeanDefinition(beanName, definition);
		return true;
	}

}
