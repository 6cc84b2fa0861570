package io.huying.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server (GreenMail) on a free loopback port, and the mailer pointed at it. Tests may stop
 * it (a mail server outage) and start it again on the same port; mails received before a stop are kept.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {
    private static volatile ServerSetup setup;
    private static volatile GreenMail server;
    private static final List<MimeMessage> BEFORE_RESTARTS = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        setup = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        startServer();
        return Map.of(
                "huying.notify.email.enabled", "true",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(setup.getPort()),
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static synchronized void startServer() {
        server = new GreenMail(setup);
        server.start();
    }

    /** A mail server outage begins. */
    static synchronized void stopServer() {
        BEFORE_RESTARTS.addAll(Arrays.asList(server.getReceivedMessages()));
        server.stop();
    }

    /** The outage ends: the server answers again on the same port. */
    static synchronized void restartServer() {
        startServer();
    }

    /** Every mail received so far whose subject contains {@code text}. */
    static List<MimeMessage> received(String text) {
        List<MimeMessage> all = new ArrayList<>(BEFORE_RESTARTS);
        all.addAll(Arrays.asList(server.getReceivedMessages()));
        return all.stream().filter(m -> subject(m).contains(text)).toList();
    }

    static String subject(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
