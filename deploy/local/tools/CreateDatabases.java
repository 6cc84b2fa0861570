/*
 * Creates PostgreSQL databases that do not exist yet (idempotent), as user postgres.
 *
 *   java -cp "deploy/local/.run/lib/pg/*" deploy/local/tools/CreateDatabases.java \
 *        <host> <port> <waitSeconds> [--recreate NAME]... NAME...
 *
 * Waits up to waitSeconds for the server to accept a JDBC connection to database "postgres".
 * --recreate NAME drops NAME (terminating its sessions) and creates it empty again; used to make
 * Keycloak re-import a changed realm file.
 * Password: env HUYING_PG_PASSWORD if set (local servers use trust auth).
 * Exit codes: 0 ok, 1 server unreachable / SQL failure, 2 usage.
 */
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

public class CreateDatabases {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: CreateDatabases <host> <port> <waitSeconds> [--recreate NAME]... NAME...");
            System.exit(2);
        }
        String url = "jdbc:postgresql://" + args[0] + ":" + Integer.parseInt(args[1]) + "/postgres";
        long waitSeconds = Long.parseLong(args[2]);
        Set<String> recreate = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 3; i < args.length; i++) {
            String name = args[i];
            boolean drop = false;
            if (name.equals("--recreate") && i + 1 < args.length) {
                name = args[++i];
                drop = true;
            }
            if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
                System.err.println("CreateDatabases: invalid database name: " + name);
                System.exit(2);
            }
            names.add(name);
            if (drop) {
                recreate.add(name);
            }
        }

        Properties props = new Properties();
        props.setProperty("user", "postgres");
        String password = System.getenv("HUYING_PG_PASSWORD");
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "huying-create-databases");

        try (Connection c = connect(url, props, waitSeconds); Statement st = c.createStatement()) {
            c.setAutoCommit(true); // CREATE/DROP DATABASE cannot run in a transaction
            for (String name : recreate) {
                st.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
                System.out.println("  dropped  " + name + " (recreate)");
            }
            int created = 0;
            for (String name : names) {
                if (exists(c, name)) {
                    continue;
                }
                try {
                    st.execute("CREATE DATABASE \"" + name + "\" ENCODING 'UTF8' TEMPLATE template0");
                    System.out.println("  created  " + name);
                    created++;
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                        throw e;
                    }
                }
            }
            System.out.printf("CreateDatabases: %d databases present on %s (%d created now)%n",
                    names.size(), url, created);
        } catch (SQLException e) {
            System.err.println("CreateDatabases: " + url + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            System.exit(1);
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Connection connect(String url, Properties props, long waitSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        SQLException last;
        do {
            try {
                return DriverManager.getConnection(url, props);
            } catch (SQLException e) {
                last = e;
                // 08xxx connection errors and 57P03 (cannot connect now: starting up) are worth retrying
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (!state.startsWith("08") && !state.equals("57P03")) {
                    throw e;
                }
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        System.err.println("CreateDatabases: no connection to " + url + " within " + waitSeconds + " s: "
                + last.getMessage());
        System.exit(1);
        return null;
    }
}
