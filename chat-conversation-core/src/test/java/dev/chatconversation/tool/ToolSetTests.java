package dev.chatconversation.tool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chatconversation.message.ToolCall;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for answering the calls of one reply: every call's arguments are checked before
 * any tool runs, tools run at the same time, unknown tools get an error result.
 */
class ToolSetTests {

	@Test
	void runsTheToolsOfParallelCallsAtTheSameTime() {
		// each tool waits until both have started: run one after the other, they would
		// time out and fail
		CountDownLatch bothStarted = new CountDownLatch(2);
		ChatTool first = waitingTool("first", bothStarted);
		ChatTool second = waitingTool("second", bothStarted);
		List<ToolCall> calls = List.of(ToolCall.function("a", "first", "{\"value\": \"1\"}"),
				ToolCall.function("b", "second", "{\"value\": \"2\"}"));

		StepVerifier.create(ToolSet.of(first, second).execute(calls).collectList())
			.assertNext((results) -> assertThat(results).allSatisfy((result) -> {
				assertThat(result.failed()).isFalse();
				assertThat(result.content()).isEqualTo("both started");
			}).extracting((result) -> result.call().id()).containsExactlyInAnyOrder("a", "b"))
			.verifyComplete();
	}

	@Test
	void emitsEachResultAsSoonAsItsToolReturns() {
		CountDownLatch release = new CountDownLatch(1);
		ChatTool slow = ChatTool.of("slow", null, Value.class, (value) -> {
			await(release);
			return "slow";
		});
		ChatTool fast = ChatTool.of("fast", null, Value.class, (value) -> "fast");
		List<ToolCall> calls = List.of(ToolCall.function("a", "slow", "{\"value\": \"1\"}"),
				ToolCall.function("b", "fast", "{\"value\": \"2\"}"));

		StepVerifier.create(ToolSet.of(slow, fast).execute(calls))
			.assertNext((result) -> assertThat(result.content()).isEqualTo("fast"))
			.then(release::countDown)
			.assertNext((result) -> assertThat(result.content()).isEqualTo("slow"))
			.verifyComplete();
	}

	@Test
	void whenOneCallHasInvalidArgumentsNoToolRuns() {
		AtomicInteger invocations = new AtomicInteger();
		ChatTool counted = ChatTool.of("counted", null, Value.class, (value) -> invocations.incrementAndGet());
		List<ToolCall> calls = List.of(ToolCall.function("a", "counted", "{\"value\": \"ok\"}"),
				ToolCall.function("b", "counted", "{\"value\": 12}"));

		StepVerifier.create(ToolSet.of(counted).execute(calls))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(ToolArgumentsException.class)
				.hasMessageContaining("call id 'b'"))
			.verify(Duration.ofSeconds(5));
		assertThat(invocations).hasValue(0);
	}

	@Test
	void aCallToAToolThatDoesNotExistGetsAnErrorResultNamingTheTools() {
		ChatTool known = ChatTool.of("known", null, Value.class, Value::value);

		StepVerifier.create(ToolSet.of(known).execute(List.of(ToolCall.function("a", "unknown", "{}"))))
			.assertNext((result) -> {
				assertThat(result.failed()).isTrue();
				assertThat(result.content())
					.isEqualTo("{\"error\":\"There is no tool named 'unknown'; the tools are [known]\"}");
			})
			.verifyComplete();
	}

	@Test
	void refusesTwoToolsWithTheSameName() {
		ChatTool tool = ChatTool.of("same", null, Value.class, Value::value);

		assertThatIllegalArgumentException().isThrownBy(() -> ToolSet.of(tool, tool)).withMessageContaining("'same'");
	}

	@Test
	void offersToolsAsToolsOrLegacyFunctionsInOrder() {
		ChatTool a = ChatTool.of("a", null, Value.class, Value::value);
		ChatTool b = ChatTool.of("b", null, Value.class, Value::value);
		ToolSet tools = ToolSet.of(a, b);

		assertThat(tools.wireTools()).containsExactly(a.tool(), b.tool());
		assertThat(tools.functionDefinitions()).containsExactly(a.definition(), b.definition());
		assertThat(tools.find("b")).isSameAs(b);
		assertThat(tools.find("c")).isNull();
		assertThat(ToolSet.of(List.of()).isEmpty()).isTrue();
	}

	private static ChatTool waitingTool(String name, CountDownLatch bothStarted) {
		return ChatTool.of(name, null, Value.class, (value) -> {
			bothStarted.countDown();
			if (!await(bothStarted)) {
				throw new IllegalStateException("The other tool did not start");
			}
			return "both started";
		});
	}

	private static boolean await(CountDownLatch latch) {
		try {
			return latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	record Value(String value) {
	}

}
