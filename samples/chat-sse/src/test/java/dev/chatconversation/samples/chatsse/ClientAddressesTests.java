package dev.chatconversation.samples.chatsse;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a client is named for its limits.
 */
class ClientAddressesTests {

	private final MockServerHttpRequest forwarded = MockServerHttpRequest.post("/api/conversations/x/messages")
		.remoteAddress(new InetSocketAddress("127.0.0.1", 40000))
		.header("X-Forwarded-For", "10.9.9.9, 198.51.100.7")
		.build();

	@Test
	void byDefaultTheRemoteAddressNamesTheClientAndXForwardedForIsIgnored() {
		assertThat(new ClientAddresses(false).of(this.forwarded)).isEqualTo("127.0.0.1");
	}

	@Test
	void behindATrustedProxyTheLastForwardedAddressNamesTheClientNotTheOnesItWrote() {
		assertThat(new ClientAddresses(true).of(this.forwarded)).isEqualTo("198.51.100.7");
	}

	@Test
	void behindATrustedProxyARequestWithoutTheHeaderIsNamedByItsRemoteAddress() {
		MockServerHttpRequest direct = MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress("192.0.2.1", 40000))
			.build();

		assertThat(new ClientAddresses(true).of(direct)).isEqualTo("192.0.2.1");
	}

	@Test
	void anIpv6ClientIsNamedByItsNetworkSoThatItsOtherAddressesShareOneLimit() {
		ClientAddresses addresses = new ClientAddresses(false);

		String one = addresses
			.of(MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("2001:db8:1:2::1", 40000)).build());
		String other = addresses.of(MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress("2001:db8:1:2:ffff::9", 40000))
			.build());

		assertThat(one).isEqualTo(other).isEqualTo("20010db800010002::/64");
	}

}
