package io.huying.sla;

import static io.huying.sla.SlaResourceTest.as;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.sla.service.ClockRecompute;
import io.huying.sla.service.SlaRules;
import io.huying.testing.LocalInfra;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Loading and forgetting a year's calendar in the tests' database. Tests share it: a test that loads a
 * year forgets it again, so the next one finds the year provisional, as the shipped build has it.
 */
final class Calendars {
    private final ObjectMapper json;
    private final SlaRules rules;
    private final ClockRecompute recompute;

    Calendars(ObjectMapper json, SlaRules rules, ClockRecompute recompute) {
        this.json = json;
        this.rules = rules;
        this.recompute = recompute;
    }

    /** A notice for {@code year} as an administrator would send it: Monday to Friday, office hours, {@code holidays} as from/to pairs. */
    ObjectNode notice(int year, List<String[]> holidays, List<String> makeUpWorkdays) {
        ObjectNode calendar = json.createObjectNode().put("year", year)
                .put("version", year + ".test-" + UUID.randomUUID().toString().substring(0, 6)).put("source", "test notice");
        calendar.putArray("workingDaysOfWeek").add("MONDAY").add("TUESDAY").add("WEDNESDAY").add("THURSDAY").add("FRIDAY");
        ArrayNode sessions = calendar.putArray("sessions");
        sessions.addObject().put("start", "08:30").put("end", "12:00");
        sessions.addObject().put("start", "14:00").put("end", "17:30");
        ArrayNode off = calendar.putArray("holidays");
        holidays.forEach(h -> off.addObject().put("name", "假日").put("from", h[0]).put("to", h[1]));
        ArrayNode worked = calendar.putArray("makeUpWorkdays");
        makeUpWorkdays.forEach(worked::add);
        return calendar;
    }

    /** Loads {@code notice} through the admin endpoint (which recomputes open clocks); returns its version. */
    String load(ObjectNode notice) {
        as("huying.admin").contentType(ContentType.JSON).body(notice.toString())
                .put("/api/sla/admin/calendars/" + notice.get("year").asInt()).then().statusCode(200);
        return notice.get("version").asText();
    }

    /** Removes every stored calendar of {@code year}, makes the rest current and recomputes open clocks: the year is provisional again. */
    void forget(int year) throws Throwable {
        try (Connection c = LocalInfra.connect(SlaTestInfra.DATABASE);
                PreparedStatement delete = c.prepareStatement("delete from sla_calendar where year = ?")) {
            delete.setInt(1, year);
            if (delete.executeUpdate() == 0) {
                return;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(rules::load));
        VertxContextSupport.subscribeAndAwait(() -> recompute.recomputeOpenClocks());
    }
}
