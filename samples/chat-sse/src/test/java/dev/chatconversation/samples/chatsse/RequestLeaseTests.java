package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.ConversationConflictException;
import dev.chatconversation.store.ConversationLease;
import dev.chatconversation.store.InMemoryConversationStore;
import dev.chatconversation.store.NewConversation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lease a request takes before its response starts is the one its turn writes under.
 */
class RequestLeaseTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final InMemoryConversationStore store = new InMemoryConversationStore();

	private final String id = this.store
		.create(NewConversation.create().withMessages(List.of(Message.system("Be brief."))))
		.id();

	@Test
	void theTurnWritesItsMessageUnderTheLeaseTheRequestTook() {
		RequestLease request = new RequestLease(this.store);
		long version = request.take(this.id, LEASE);

		ConversationLease lease = request.acquire(this.id, LEASE, version, 1, List.of(Message.user("Hi")));

		assertThat(lease.version()).isEqualTo(version + 1);
		assertThat(this.store.load(this.id).messages()).containsExactly(Message.system("Be brief."),
				Message.user("Hi"));
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> this.store.acquire(this.id, LEASE));
		this.store.complete(lease, 2, List.of(Message.assistant("Hello")));
		assertThat(this.store.load(this.id).messages()).hasSize(3);
	}

	@Test
	void aTurnOnAStaleCopyKeepsTheRequestsLeaseForItsRetry() {
		RequestLease request = new RequestLease(this.store);
		long version = request.take(this.id, LEASE);

		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> request.acquire(this.id, LEASE, version - 1, 0, List.of(Message.user("Hi"))));

		// nobody else can take the conversation in between
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> this.store.acquire(this.id, LEASE));
		ConversationLease retry = request.acquire(this.id, LEASE);
		assertThat(retry.version()).isEqualTo(version);
		assertThat(request.append(retry, 1, List.of(Message.user("Hi"))).version()).isEqualTo(version + 1);
	}

	@Test
	void withoutATakenLeaseTheTurnStartsInOneStoreCall() {
		RequestLease request = new RequestLease(this.store);

		ConversationLease lease = request.acquire(this.id, LEASE, 1, 1, List.of(Message.user("Hi")));

		assertThat(lease.version()).isEqualTo(2);
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> this.store.acquire(this.id, LEASE));
	}

}
