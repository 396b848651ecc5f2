package dev.chatconversation.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.CompletionStage;

import dev.chatconversation.boot.ChatToolMethod;
import dev.chatconversation.boot.ChatToolRegistry;
import dev.chatconversation.tool.ChatTool;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Collects the {@link ChatToolMethod} methods of a context's beans into a
 * {@link ChatToolRegistry}, each tool calling its method through the bean (its proxy, if
 * any), and fails with a message naming the beans and methods when two tools share a name
 * or a method cannot be a tool.
 */
final class ChatToolMethods {

	private final ConfigurableListableBeanFactory beanFactory;

	private final List<ChatTool> tools = new ArrayList<>();

	private final Map<String, String> sources = new LinkedHashMap<>();

	private ChatToolMethods(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	static ChatToolRegistry collect(ConfigurableListableBeanFactory beanFactory) {
		ChatToolMethods methods = new ChatToolMethods(beanFactory);
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			if (!ScopedProxyUtils.isScopedTarget(beanName)) {
				methods.addBean(beanName);
			}
		}
		return ChatToolRegistry.of(methods.tools);
	}

	private void addBean(String beanName) {
		Class<?> type = typeOf(beanName);
		if (type == null) {
			return;
		}
		if (Proxy.isProxyClass(type)) {
			type = AopUtils.getTargetClass(this.beanFactory.getBean(beanName));
		}
		Map<Method, ChatToolMethod> annotated = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
				(MethodIntrospector.MetadataLookup<ChatToolMethod>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, ChatToolMethod.class));
		annotated.forEach((method, annotation) -> add(beanName, method, annotation));
	}

	private @Nullable Class<?> typeOf(String beanName) {
		if (this.beanFactory.containsBeanDefinition(beanName)
				&& this.beanFactory.getBeanDefinition(beanName).isAbstract()) {
			return null;
		}
		try {
			return this.beanFactory.getType(beanName, false);
		}
		catch (RuntimeException ex) {
			// a bean whose type cannot be resolved cannot declare tools either, as
			// Spring's
			// own @EventListener detection assumes
			return null;
		}
	}

	private void add(String beanName, Method method, ChatToolMethod annotation) {
		String source = "bean '" + beanName + "' (" + method.toGenericString() + ")";
		String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
		String previous = this.sources.putIfAbsent(name, source);
		if (previous != null) {
			throw new IllegalStateException("Two chat tools are named '" + name + "': " + previous + " and " + source
					+ "; give one another name with @ChatToolMethod(name = ...)");
		}
		refuseUnsupported(method, source);
		Object bean = this.beanFactory.getBean(beanName);
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		String description = annotation.description().isEmpty() ? null : annotation.description();
		try {
			this.tools.add(ChatTool.fromMethod(bean, invocable, name, description));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"The @ChatToolMethod " + source + " cannot be a chat tool: " + ex.getMessage(), ex);
		}
	}

	private static void refuseUnsupported(Method method, String source) {
		Class<?> returned = method.getReturnType();
		if (Publisher.class.isAssignableFrom(returned) || CompletionStage.class.isAssignableFrom(returned)
				|| Future.class.isAssignableFrom(returned)) {
			throw new IllegalStateException("The @ChatToolMethod " + source + " returns a " + returned.getSimpleName()
					+ ": tool methods run on a bounded elastic thread and must return the value itself");
		}
		if (Modifier.isStatic(method.getModifiers())) {
			throw new IllegalStateException("The @ChatToolMethod " + source + " is static: declare it on the bean");
		}
	}

}
