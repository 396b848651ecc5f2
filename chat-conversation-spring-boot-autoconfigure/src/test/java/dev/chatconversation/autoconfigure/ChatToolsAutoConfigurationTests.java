package dev.chatconversation.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.boot.ChatToolMethod;
import dev.chatconversation.boot.ChatToolRegistry;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.tool.ChatTool;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for declarative tools: the {@link ChatToolMethod} methods of beans collected into
 * the {@link ChatToolRegistry}, called through their proxies, refused at start-up when
 * they cannot be tools, and given to conversations all at once or by name.
 */
class ChatToolsAutoConfigurationTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, ChatToolsAutoConfiguration.class,
				WebClientAutoConfiguration.class))
		.withPropertyValues("chat.base-url=http://127.0.0.1:9/v1", "chat.model=gpt-4o",
				"spring.reactor.netty.shutdown-quiet-period=0s");

	@Test
	void whenABeanDeclaresToolMethodsThenTheRegistryHoldsThemWithOneStrictObjectSchemaEach() {
		this.contextRunner.withBean(Calculator.class).run((context) -> {
			ChatToolRegistry registry = context.getBean(ChatToolRegistry.class);
			assertThat(registry.names()).containsExactlyInAnyOrder("add", "today");
			ChatTool add = registry.named("add").get(0);
			assertThat(add.description()).isEqualTo("Adds two numbers");
			assertThat(add.definition().strict()).isTrue();
			assertThat(add.definition().parameters()).isEqualTo(JSON.readTree("""
					{"type":"object","properties":{
					  "first":{"type":"integer","description":"The first number"},
					  "second":{"type":"integer"}},
					 "required":["first","second"],"additionalProperties":false}
					"""));
			assertThat(registry.find("today").definition().parameters()).isEqualTo(JSON
				.readTree("{\"type\":\"object\",\"properties\":{},\"required\":[],\"additionalProperties\":false}"));
		});
	}

	@Test
	void whenTheModelCallsABeanToolThenTheMethodRunsOffTheCallerThreadWithTheArguments() {
		this.contextRunner.withBean(Calculator.class).run((context) -> {
			ChatTool add = context.getBean(ChatToolRegistry.class).named("add").get(0);
			StepVerifier.create(add.call(ToolCall.function("call_1", "add", "{\"first\": 2, \"second\": 40}")))
				.assertNext((result) -> {
					assertThat(result.failed()).isFalse();
					assertThat(JSON.readTree(result.content())).isEqualTo(JSON.readTree("{\"sum\":42}"));
				})
				.verifyComplete();
			assertThat(context.getBean(Calculator.class).threads).singleElement()
				.asString()
				.startsWith("boundedElastic-");
		});
	}

	@Test
	void whenTheBeanIsAClassProxyThenTheToolCallsThroughTheProxy() {
		List<String> intercepted = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withBean("calculator", Calculator.class, () -> (Calculator) proxy(new Calculator(), true, intercepted))
			.run((context) -> {
				assertThat(AopUtils.isCglibProxy(context.getBean("calculator"))).isTrue();
				ChatTool add = context.getBean(ChatToolRegistry.class).named("add").get(0);
				StepVerifier.create(add.call(ToolCall.function("call_1", "add", "{\"first\": 1, \"second\": 1}")))
					.assertNext((result) -> assertThat(result.content()).isEqualTo("{\"sum\":2}"))
					.verifyComplete();
				assertThat(intercepted).containsExactly("add");
			});
	}

	@Test
	void whenTheBeanIsAnInterfaceProxyThenTheToolIsFoundOnTheTargetAndCalledThroughTheProxy() {
		List<String> intercepted = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withBean("greeter", Greeter.class, () -> (Greeter) proxy(new EnglishGreeter(), false, intercepted))
			.run((context) -> {
				assertThat(AopUtils.isJdkDynamicProxy(context.getBean("greeter"))).isTrue();
				ChatTool greet = context.getBean(ChatToolRegistry.class).named("greet").get(0);
				StepVerifier.create(greet.call(ToolCall.function("call_1", "greet", "{\"name\": \"Ada\"}")))
					.assertNext((result) -> assertThat(result.content()).isEqualTo("Hello, Ada"))
					.verifyComplete();
				assertThat(intercepted).containsExactly("greet");
			});
	}

	@Test
	void whenTwoBeansDeclareTheSameToolNameThenStartUpFailsNamingBothBeans() {
		this.contextRunner.withBean("calculator", Calculator.class)
			.withBean("otherCalculator", OtherCalculator.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Two chat tools are named 'add'")
				.hasMessageContaining("bean 'calculator'")
				.hasMessageContaining("bean 'otherCalculator'"));
	}

	@Test
	void whenAParameterTypeHasNoStrictSchemaThenStartUpFailsNamingTheMethod() {
		this.contextRunner.withBean(OpenTool.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("OpenTool.lookup(java.lang.Object)")
				.hasStackTraceContaining("cannot be a chat tool")
				.rootCause()
				.hasMessageContaining("cannot describe java.lang.Object"));
	}

	@Test
	void whenAToolMethodReturnsAPublisherThenStartUpFailsNamingTheMethod() {
		this.contextRunner.withBean(ReactiveTool.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ReactiveTool.fetch()")
				.hasMessageContaining("returns a Mono"));
	}

	@Test
	void whenToolsAreEnabledByDefaultThenEveryConversationGetsThemAll() {
		this.contextRunner.withBean(Calculator.class).run((context) -> {
			ChatCompletionsConversation conversation = context.getBean(ChatConversationFactory.class).newConversation();
			assertThat(conversation.tools()).extracting(ChatTool::name).containsExactlyInAnyOrder("add", "today");
		});
	}

	@Test
	void whenToolsAreSwitchedOffThenConversationsGetOnlyTheToolsTheyName() {
		this.contextRunner.withBean(Calculator.class).withPropertyValues("chat.tools.enabled=false").run((context) -> {
			ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
			assertThat(factory.newConversation().tools()).isEmpty();
			assertThat(factory.newConversationWithTools("today").tools()).extracting(ChatTool::name)
				.containsExactly("today");
			assertThatIllegalArgumentException().isThrownBy(() -> factory.newConversationWithTools("subtract"))
				.withMessageContaining("'subtract'")
				.withMessageContaining("add");
		});
	}

	@Test
	void whenToolsAreChosenByNameThenTheConversationHasOnlyThoseEvenWhenAllAreEnabled() {
		this.contextRunner.withBean(Calculator.class).run((context) -> {
			ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
			assertThat(factory.newConversationWithTools("add").tools()).extracting(ChatTool::name)
				.containsExactly("add");
		});
	}

	@Test
	void whenNoBeanDeclaresToolsThenTheRegistryIsEmptyAndConversationsHaveNoTools() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(ChatToolRegistry.class).all()).isEmpty();
			assertThat(context.getBean(ChatConversationFactory.class).newConversation().tools()).isEmpty();
		});
	}

	private static Object proxy(Object target, boolean proxyClass, List<String> intercepted) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(proxyClass);
		factory.addAdvice((MethodInterceptor) (invocation) -> {
			intercepted.add(invocation.getMethod().getName());
			return invocation.proceed();
		});
		return factory.getProxy();
	}

	static class Calculator {

		final List<String> threads = new CopyOnWriteArrayList<>();

		@ChatToolMethod(description = "Adds two numbers")
		public Sum add(@JsonPropertyDescription("The first number") int first, int second) {
			this.threads.add(Thread.currentThread().getName());
			return new Sum(first + second);
		}

		@ChatToolMethod(name = "today")
		public String currentDate() {
			return "2026-12-07";
		}

	}

	record Sum(int sum) {

	}

	static class OtherCalculator {

		@ChatToolMethod(name = "add")
		public int plus(int first, int second) {
			return first + second;
		}

	}

	interface Greeter {

		String greet(String name);

	}

	static class EnglishGreeter implements Greeter {

		@Override
		@ChatToolMethod(description = "Greets someone")
		public String greet(String name) {
			return "Hello, " + name;
		}

	}

	static class OpenTool {

		@ChatToolMethod
		public String lookup(Object anything) {
			return "never";
		}

	}

	static class ReactiveTool {

		@ChatToolMethod
		public Mono<String> fetch() {
			return Mono.just("never");
		}

	}

}
