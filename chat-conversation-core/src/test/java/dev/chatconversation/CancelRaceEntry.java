package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.chatconversation.RacingChatClient.Round;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.context.ContextWindow;
import io.micrometer.observation.ObservationRegistry;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.structured.StructuredEvent;
import dev.chatconversation.tool.ChatTool;
import dev.chatconversation.tool.ToolExecution;
import dev.chatconversation.tool.ToolSet;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The streaming entry points of a conversation, each set up for a cancel race: the rounds
 * its client streams, the history it starts from and how it turns what the subscriber
 * received into text.
 */
enum CancelRaceEntry {

	TEXT {
		@Override
		Flux<?> start(ChatCompletionsConversation conversation) {
			return conversation.sendAndStreamResponse(QUESTION);
		}
	},

	CHUNKS {
		@Override
		Flux<?> start(ChatCompletionsConversation conversation) {
			return conversation.turn(Message.user(QUESTION)).chunks();
		}
	},

	EVENTS {
		@Override
		Flux<?> start(ChatCompletionsConversation conversation) {
			return conversation.turn(QUESTION).events();
		}
	},

	/** Round 1 asks for a tool, round 2 answers: the events include the tool's. */
	TOOL_ROUNDS {
		@Override
		List<Round> rounds() {
			return List.of(RacingChatClient.toolRound("call_1", "lookup", "{\"city\":\"Paris\"}"),
					RacingChatClient.textRound(PIECES));
		}

		@Override
		Flux<?> start(ChatCompletionsConversation conversation) {
			return conversation.turn(QUESTION).events();
		}
	},

	STRUCTURED {
		@Override
		List<Round> rounds() {
			return List.of(RacingChatClient.textRound(JSON_PIECES));
		}

		@Override
		Flux<?> start(ChatCompletionsConversation conversation) {
			return conversation.turn(QUESTION).objectStream(Reply.class);
		}
	},

	/** Goes on from a history that ends with the user's message. */
	CONTINUE {
		@Override
		List<Message> history() {
			return List.of(Message.system(SYSTEM), Message.user(QUESTION));
		}

		@Override
		Flux<?> start(ChatCompletionsConversation conversation) {
			return conversation.continuation().events();
		}
	},

	/**
	 * A regeneration keeps the previous reply unless the new one completes, so what it
	 * accepted is read from the turn itself, started as the conversation starts it.
	 */
	REGENERATE {
		@Override
		List<Message> history() {
			return List.of(Message.system(SYSTEM), Message.user(QUESTION), Message.assistant("An older reply."));
		}

		@Override
		Flux<?> start(ChatCompletionsConversation conversation) {
			throw new UnsupportedOperationException("Started from the turn");
		}

		@Override
		Flux<?> start(RacingChatClient client, History history, AtomicReference<@Nullable Turn> started) {
			TurnRunner runner = new TurnRunner(client, ChatCompletionRequest.builder().model(MODEL).build(),
					new ToolPolicy(ToolSet.of(List.of()), ToolExecution.AUTO, ToolPolicy.DEFAULT_MAX_ROUNDS, false),
					null, ContextWindow.UNLIMITED, new TurnObservations(ObservationRegistry.NOOP, null));
			return Flux.defer(() -> {
				Turn turn = Turn.regenerate(history);
				started.set(turn);
				return runner.run(turn, (options) -> {
				}, true);
			}).mapNotNull(TurnSignal::chunk).map(ChatCompletionChunk::text).filter((text) -> !text.isEmpty());
		}
	};

	static final String MODEL = "gpt-4o-2024-08-06";

	static final String SYSTEM = "You are terse.";

	static final String QUESTION = "hi";

	static final List<String> PIECES = List.of("Hello, w", "örld 🌍", "! How", " are", " you?");

	static final List<String> JSON_PIECES = List.of("{\"text\":\"Hello, w", "örld 🌍", "! How", " are", " you?\"}");

	List<Round> rounds() {
		return List.of(RacingChatClient.textRound(PIECES));
	}

	List<Message> history() {
		return List.of(Message.system(SYSTEM));
	}

	abstract Flux<?> start(ChatCompletionsConversation conversation);

	/**
	 * Starts the turn on a history of its own; only {@link #REGENERATE} hands out its
	 * turn.
	 */
	Flux<?> start(RacingChatClient client, History history, AtomicReference<@Nullable Turn> started) {
		throw new UnsupportedOperationException("Started from a conversation");
	}

	boolean startsFromTurn() {
		return this == REGENERATE;
	}

	ChatCompletionsConversation conversation(RacingChatClient client, ChatTool tool) {
		return ChatCompletionsConversation.builder()
			.client(client)
			.model(MODEL)
			.tools((this == TOOL_ROUNDS) ? List.of(tool) : List.of())
			.messages(history())
			.build();
	}

	/** The text a received element shows, empty for events without text. */
	static String text(Object received) {
		if (received instanceof String text) {
			return text;
		}
		if (received instanceof ChatCompletionChunk chunk) {
			return chunk.text();
		}
		if (received instanceof ConversationEvent.TextDelta delta) {
			return delta.text();
		}
		if (received instanceof StructuredEvent.TextDelta<?> delta) {
			return delta.text();
		}
		return "";
	}

	/** Whether a received element counts as a piece the disposer waits for. */
	static boolean isPiece(Object received) {
		return !text(received).isEmpty() || received instanceof ConversationEvent.ToolCallRequested
				|| received instanceof ConversationEvent.ToolCallCompleted;
	}

	static String receivedText(List<Object> received) {
		StringBuilder text = new StringBuilder();
		received.forEach((element) -> text.append(text(element)));
		return text.toString();
	}

	/** The text of the last assistant reply after the history's first messages. */
	static @Nullable String lastReplyText(List<Message> history, int from) {
		List<Message> added = new ArrayList<>(history.subList(Math.min(from, history.size()), history.size()));
		for (int i = added.size() - 1; i >= 0; i--) {
			if (added.get(i) instanceof AssistantMessage reply) {
				return reply.text();
			}
		}
		return null;
	}

	/**
	 * The structured reply of {@link #STRUCTURED}.
	 *
	 * @param text the reply
	 */
	record Reply(String text) {
	}

}
