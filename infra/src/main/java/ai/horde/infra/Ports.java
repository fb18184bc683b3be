package ai.horde.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports for the embedded servers. Checking a fixed port up front turns "address already in use" into one
 * clear message instead of a server's stack traces.
 *
 * <p>Known gap: a port found free can still be taken by another process before the server binds it.
 */
final class Ports {
  private Ports() {}

  /** {@code port} if it is free on localhost, or a free port if {@code port} is 0. */
  static int free(int port, String user) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " for " + user + " is already in use");
    }
  }
}
