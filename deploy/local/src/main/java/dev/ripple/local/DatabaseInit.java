package dev.ripple.local;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates the login role and the databases the services use, when they are missing (zonky's PostgreSQL binaries ship
 * no {@code psql}, so {@code ./ripple} does this over JDBC). Safe to run on every start.
 */
final class DatabaseInit {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final PrintStream out;

    DatabaseInit(PrintStream out) {
        this.out = out;
    }

    /**
     * @param adminUrl JDBC URL of a database to connect to as a superuser (e.g. {@code postgres})
     * @param role the login role to create (its password is set only when the role is created)
     * @param databases the databases to create, owned by {@code role}
     */
    void run(
            String adminUrl,
            String adminUser,
            String adminPassword,
            String role,
            String password,
            List<String> databases)
            throws SQLException {
        requireIdentifier("role", role);
        databases.forEach(database -> requireIdentifier("database", database));
        try (Connection connection = DriverManager.getConnection(adminUrl, adminUser, adminPassword)) {
            if (exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                out.println("role " + role + " exists");
            } else {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD " + literal(password));
                }
                out.println("created role " + role);
            }
            for (String database : databases) {
                if (exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                    out.println("database " + database + " exists");
                    continue;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + database + " OWNER " + role + " ENCODING 'UTF8'");
                }
                out.println("created database " + database + " (owner " + role + ")");
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void requireIdentifier(String what, String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new Args.UsageException(
                    "init-db: " + what + " name '" + name + "' must be lower-case letters, digits and _");
        }
    }

    /** A standard-conforming SQL string literal (DDL takes no bind parameters). */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
