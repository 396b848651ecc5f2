package dev.chatconversation;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.ConversationTurnStubs.HeldStream;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.ConversationConflictException;
import dev.chatconversation.store.ConversationLeaseLostException;
import dev.chatconversation.store.ConversationNotFoundException;
import dev.chatconversation.store.ConversationStoreException;
import dev.chatconversation.store.InMemoryConversationStore;
import dev.chatconversation.store.MutableClock;
import dev.chatconversation.store.NewConversation;
import dev.chatconversation.store.StoreSettings;
import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.contentChunk;
import static dev.chatconversation.ConversationTurnStubs.errorEvent;
import static dev.chatconversation.ConversationTurnStubs.finishChunk;
import static dev.chatconversation.ConversationTurnStubs.roleChunk;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for conversations kept in a store: what a turn writes when it starts, while it
 * streams and when it ends, leases across instances (two conversation objects on one
 * store stand for two instances), and failures of the store itself.
 */
class StoredConversationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final StoreSettings FAST_CHECKPOINTS = new StoreSettings(Duration.ofSeconds(30),
			Duration.ofMillis(20));

	private final MutableClock clock = MutableClock.atNow();

	private final RecordingStore store = new RecordingStore(new InMemoryConversationStore(this.clock));

	private final FakeChatServer server = new FakeChatServer();

	private final HeldStream held = new HeldStream();

	@AfterEach
	void stopServers() {
		this.server.close();
		this.held.close();
	}

	private ChatCompletionsConversation.Builder instance(String baseUrl) {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl))
			.model(ConversationTurnStubs.MODEL)
			.store(this.store)
			.storeSettings(FAST_CHECKPOINTS);
	}

	private List<Message> stored(String id) {
		return this.store.load(id).messages();
	}

	@Test
	void aStreamedTurnWritesTheUserMessageFirstAndTheReplyWhenItEnds() {
		ChatCompletionsConversation conversation = instance(this.held.baseUrl()).systemPrompt("Be brief.")
			.create(NewConversation.create().withOwner("alice"));
		String id = conversation.id();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.then(() -> this.held.send(roleChunk(), contentChunk("Hel")))
			.expectNext("Hel")
			.then(() -> assertThat(stored(id)).containsExactly(Message.system("Be brief."), Message.user("Hi")))
			.then(() -> {
				this.held.send(contentChunk("lo"), finishChunk("stop"), "[DONE]");
				this.held.end();
			})
			.expectNext("lo")
			.expectComplete()
			.verify(WAIT);

		assertThat(stored(id)).isEqualTo(conversation.messages())
			.containsExactly(Message.system("Be brief."), Message.user("Hi"),
					Message.assistant("Hello").mutate().finishReason("stop").build());
		assertThat(this.store.load(id).record().owner()).isEqualTo("alice");
		assertThat(this.store.load(id).record().title()).isEqualTo("Hi");
		// the lease and the user's message in one call, then only checkpoints until the
		// end
		// (the loads are this test's)
		assertThat(this.store.calls()).filteredOn((call) -> !call.equals("load"))
			.startsWith("create", "start")
			.endsWith("complete")
			.doesNotContain("acquire", "append");
		assertThat(this.store.threads()).noneMatch((thread) -> thread.contains("nio"));
	}

	@Test
	void aTurnOnAnotherInstanceWhileOneStreamsFailsAtOnceAndChangesNothing() {
		ChatCompletionsConversation first = instance(this.held.baseUrl()).build();
		ChatCompletionsConversation second = instance(this.server.baseUrl()).open(first.id());

		StepVerifier.create(first.sendAndStreamResponse("Hi"))
			.then(() -> this.held.send(roleChunk(), contentChunk("Hel")))
			.expectNext("Hel")
			.then(() -> StepVerifier.create(second.sendAndStreamResponse("Me too"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ConversationBusyException.class)
					.hasMessageContaining(first.id()))
				.verify(WAIT))
			.then(() -> {
				this.held.send(finishChunk("stop"), "[DONE]");
				this.held.end();
			})
			.expectComplete()
			.verify(WAIT);

		assertThat(this.server.requestCount()).isZero();
		assertThat(stored(first.id())).containsExactly(Message.user("Hi"),
				Message.assistant("Hel").mutate().finishReason("stop").build());
		assertThat(second.messages()).isEmpty();
	}

	@Test
	void aCheckpointSurvivesTheInstanceAndTheNextTurnOnAnotherInstanceAnswersAfterIt() {
		ChatCompletionsConversation dying = instance(this.held.baseUrl()).build();
		String id = dying.id();

		StepVerifier.create(dying.sendAndStreamResponse("Tell me a story"))
			.then(() -> this.held.send(roleChunk(), contentChunk("Once upon"), contentChunk(" a time")))
			.expectNext("Once upon", " a time")
			.then(() -> StepVerifier.create(this.store.checkpoints().filter((p) -> p.text().equals("Once upon a time")))
				.expectNextCount(1)
				.thenCancel()
				.verify(WAIT))
			// the instance dies: its lease expires while it writes nothing more
			.then(() -> this.clock.advance(Duration.ofSeconds(31)))
			.then(() -> {
				ChatCompletionsConversation survivor = instance(this.server.baseUrl()).open(id);
				AssistantMessage interrupted = (AssistantMessage) survivor.messages().get(1);
				assertThat(survivor.messages().get(0)).isEqualTo(Message.user("Tell me a story"));
				assertThat(interrupted.text()).isEqualTo("Once upon a time");
				assertThat(interrupted.incomplete().reason()).isEqualTo(Incomplete.INTERRUPTED);
				this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("The end.")));
				StepVerifier.create(survivor.sendAndGetResponse("Go on")).expectNext("The end.").verifyComplete();
				assertThat(stored(id)).hasSize(4).element(2).isEqualTo(Message.user("Go on"));
			})
			// the zombie's last write is refused: its lease was taken
			.then(() -> {
				this.held.send(finishChunk("stop"), "[DONE]");
				this.held.end();
			})
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(ConversationLeaseLostException.class).hasMessageContaining(id))
			.verify(WAIT);
		assertThat(stored(id)).hasSize(4);
	}

	@Test
	void aFailureBeforeContentRemovesTheUserMessageFromTheStoreToo() {
		ChatCompletionsConversation conversation = instance(this.server.baseUrl()).build();
		this.server.reply(FakeChatServer.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.expectError(ChatCompletionsException.class)
			.verify(WAIT);

		assertThat(stored(conversation.id())).isEqualTo(conversation.messages()).isEmpty();
		assertThat(this.store.calls()).containsSubsequence("start", "complete");
	}

	@Test
	void aFailureAfterContentKeepsThePartialReplyMarkedInTheStore() {
		ChatCompletionsConversation conversation = instance(this.server.baseUrl()).build();
		this.server.reply(FakeChatServer.stream(Flux.just("data: " + roleChunk() + "\n\n",
				"data: " + contentChunk("Hel") + "\n\n", "data: " + errorEvent("overloaded") + "\n\n")));

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.expectNext("Hel")
			.expectError(ChatCompletionsException.class)
			.verify(WAIT);

		List<Message> stored = stored(conversation.id());
		assertThat(stored).isEqualTo(conversation.messages()).hasSize(2);
		assertThat(((AssistantMessage) stored.get(1)).incomplete().reason()).isEqualTo(Incomplete.ERROR);
	}

	@Test
	void aCancelledTurnKeepsWhatTheCallerReceivedInTheStoreAndReleasesTheLease() {
		ChatCompletionsConversation conversation = instance(this.held.baseUrl()).build();
		this.held.send(roleChunk(), contentChunk("Hel"), contentChunk("lo"));

		StepVerifier.create(conversation.sendAndStreamResponse("Hi").take(1)).expectNext("Hel").verifyComplete();
		StepVerifier.create(this.store.ends().take(1)).expectNext("complete").verifyComplete();

		List<Message> stored = stored(conversation.id());
		assertThat(stored).isEqualTo(conversation.messages()).hasSize(2);
		assertThat(((AssistantMessage) stored.get(1)).text()).isEqualTo("Hel");
		assertThat(((AssistantMessage) stored.get(1)).incomplete().reason()).isEqualTo(Incomplete.CANCELLED);
		this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("Again")));
		ChatCompletionsConversation other = instance(this.server.baseUrl()).open(conversation.id());
		StepVerifier.create(other.sendAndGetResponse("Next")).expectNext("Again").verifyComplete();
	}

	@Test
	void aRegenerationReplacesTheStoredReplyOnlyWhenItSucceeds() {
		ChatCompletionsConversation conversation = instance(this.server.baseUrl()).build();
		this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("First")),
				FakeChatServer.json(500, "{\"error\":{\"message\":\"boom\"}}"),
				FakeChatServer.stream(Flux.just(textReply("Second"))));
		StepVerifier.create(conversation.sendAndGetResponse("Hi")).expectNext("First").verifyComplete();

		StepVerifier.create(conversation.regenerate()).expectError(ChatCompletionsException.class).verify(WAIT);
		assertThat(stored(conversation.id())).extracting(Message::text).containsExactly("Hi", "First");

		StepVerifier.create(conversation.regenerate()).expectNext("Second").verifyComplete();
		assertThat(stored(conversation.id())).isEqualTo(conversation.messages())
			.extracting(Message::text)
			.containsExactly("Hi", "Second");
	}

	@Test
	void changesOutsideTurnsAreWrittenAndAStaleInstanceGetsAConflictUntilItReloads() {
		ChatCompletionsConversation first = instance(this.server.baseUrl()).build();
		ChatCompletionsConversation second = instance(this.server.baseUrl()).open(first.id());
		first.appendSystemMessage("Be brief.");

		assertThatExceptionOfType(ConversationConflictException.class).isThrownBy(() -> second.appendUserMessage("Hi"))
			.withMessageContaining(first.id());
		assertThat(second.messages()).isEmpty();

		second.reload();
		second.appendUserMessage("Hi");
		first.reload();
		first.appendAssistantMessage("Hello");
		assertThat(stored(first.id())).isEqualTo(first.messages())
			.containsExactly(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello"));
		first.correctLastResponse("Hey");
		first.removeLastTurn();
		assertThat(stored(first.id())).isEqualTo(first.messages()).containsExactly(Message.system("Be brief."));
	}

	@Test
	void aTurnOnAStaleInstanceReloadsTheStoredHistoryFirst() {
		ChatCompletionsConversation first = instance(this.server.baseUrl()).build();
		ChatCompletionsConversation second = instance(this.server.baseUrl()).open(first.id());
		this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("One")),
				FakeChatServer.json(200, FakeChatServer.completion("Two")));
		StepVerifier.create(first.sendAndGetResponse("Q1")).expectNext("One").verifyComplete();

		int before = this.store.calls().size();
		StepVerifier.create(second.sendAndGetResponse("Q2")).expectNext("Two").verifyComplete();

		// the one-step start finds another version: take the lease, reload, then write
		assertThat(this.store.calls().subList(before, this.store.calls().size())).containsExactly("start", "acquire",
				"load", "append", "complete");
		assertThat(this.server.exchanges().get(1).bodyText()).contains("Q1", "One", "Q2");
		assertThat(second.messages()).isEqualTo(stored(first.id()))
			.extracting(Message::text)
			.containsExactly("Q1", "One", "Q2", "Two");
	}

	@Test
	void aStoreThatIsDownWhenTheTurnStartsFailsItWithTheStoreErrorAndSendsNothing() {
		ChatCompletionsConversation conversation = instance(this.server.baseUrl()).build();
		this.store.failNext("start", 1);

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ConversationStoreException.class)
				.hasMessageContaining(conversation.id()))
			.verify(WAIT);

		assertThat(this.server.requestCount()).isZero();
		assertThat(conversation.messages()).isEmpty();
		this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("Back")));
		StepVerifier.create(conversation.sendAndGetResponse("Hi")).expectNext("Back").verifyComplete();
	}

	@Test
	void aStoreThatFailsTheUserMessageWriteFailsTheTurnAndReleasesTheLease() {
		ChatCompletionsConversation first = instance(this.server.baseUrl()).build();
		ChatCompletionsConversation stale = instance(this.server.baseUrl()).open(first.id());
		first.appendSystemMessage("Be brief.");
		// the stale instance takes the lease, reloads, then fails to write its message
		this.store.failNext("append", 1);

		StepVerifier.create(stale.sendAndStreamResponse("Hi"))
			.expectError(ConversationStoreException.class)
			.verify(WAIT);
		StepVerifier.create(this.store.ends().take(1)).expectNextCount(1).verifyComplete();

		assertThat(this.store.calls()).containsSubsequence("start", "acquire", "load", "append", "release");
		assertThat(this.server.requestCount()).isZero();
		assertThat(stale.messages()).containsExactly(Message.system("Be brief."));
		assertThat(stored(first.id())).containsExactly(Message.system("Be brief."));
		this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("Back")));
		StepVerifier.create(stale.sendAndGetResponse("Hi")).expectNext("Back").verifyComplete();
	}

	@Test
	void aStoreThatFailsTheOneStepStartHoldsNoLeaseAndLeavesTheHistoryAsItWas() {
		ChatCompletionsConversation conversation = instance(this.server.baseUrl()).systemPrompt("Be brief.").build();
		ChatCompletionsConversation other = instance(this.server.baseUrl()).open(conversation.id());
		this.store.failNext("start", 1);

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(ConversationStoreException.class).hasMessageContaining("start"))
			.verify(WAIT);

		assertThat(conversation.messages()).containsExactly(Message.system("Be brief."));
		assertThat(stored(conversation.id())).containsExactly(Message.system("Be brief."));
		// no lease was taken: another instance can start a turn at once
		this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("Here")));
		StepVerifier.create(other.sendAndGetResponse("Hi")).expectNext("Here").verifyComplete();
		assertThat(stored(conversation.id())).extracting(Message::text).containsExactly("Be brief.", "Hi", "Here");
	}

	@Test
	void aStoreThatFailsTheFinalWriteFailsTheTurnAndTheNextTurnStartsFromTheStore() {
		ChatCompletionsConversation conversation = instance(this.server.baseUrl()).build();
		this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("Lost")),
				FakeChatServer.json(200, FakeChatServer.completion("Kept")));
		this.store.failNext("complete", 1);

		StepVerifier.create(conversation.sendAndGetResponse("Hi"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ConversationStoreException.class)
				.hasMessageContaining("complete"))
			.verify(WAIT);
		assertThat(stored(conversation.id())).containsExactly(Message.user("Hi"));

		StepVerifier.create(conversation.sendAndGetResponse("Again")).expectNext("Kept").verifyComplete();
		assertThat(conversation.messages()).isEqualTo(stored(conversation.id()))
			.extracting(Message::text)
			.containsExactly("Hi", "Again", "Kept");
	}

	@Test
	void openingAnUnknownIdFailsAndACreatedIdCannotBeCreatedTwice() {
		assertThatExceptionOfType(ConversationNotFoundException.class)
			.isThrownBy(() -> instance(this.server.baseUrl()).open("missing"))
			.withMessageContaining("missing");
		ChatCompletionsConversation created = instance(this.server.baseUrl())
			.create(NewConversation.create().withId("chat-7"));
		assertThat(created.id()).isEqualTo("chat-7");
		assertThat(this.store.load("chat-7").record().model()).isEqualTo(ConversationTurnStubs.MODEL);
		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> instance(this.server.baseUrl()).create(NewConversation.create().withId("chat-7")));
		assertThat(ChatCompletionsConversation.builder().build().id()).isNull();
		assertThat(created.fork().id()).isNull();
	}

	@Test
	void aStoredStreamedTurnCompletesTheSameRepliesAsAnUnstoredOne() {
		ChatCompletionsConversation conversation = instance(this.server.baseUrl()).build();
		this.server.reply(FakeChatServer.stream(Flux.just(textReply("Hello", ", world"))));

		StepVerifier.create(conversation.sendAndStreamResponse("Hi").collectList())
			.assertNext((pieces) -> assertThat(String.join("", pieces)).isEqualTo("Hello, world"))
			.verifyComplete();

		assertThat(stored(conversation.id())).isEqualTo(conversation.messages()).hasSize(2);
	}

}
