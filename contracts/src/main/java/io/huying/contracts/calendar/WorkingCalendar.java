package io.huying.contracts.calendar;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * 工作日历 — the working calendar that SLA deadlines are measured against: which days are working days
 * (weekdays, minus statutory holidays, plus 调休补班 make-up days) and the office-hour sessions within
 * them. Several years are combined; a date in a year that is not loaded fails with
 * {@link CalendarYearNotLoadedException}.
 *
 * <p>All wall-clock reasoning is in {@link #ZONE Asia/Shanghai}; inputs and outputs are {@link Instant}s.
 *
 * <p>Working time: an instant is <em>in working hours</em> when it lies in a session of a working day,
 * start inclusive, end exclusive. Arithmetic returns the <em>earliest</em> instant that satisfies it, so
 * a deadline that uses up a session exactly is that session's end (17:30), never the next session's start.
 *
 * <p>Immutable and thread-safe.
 */
public final class WorkingCalendar {

    /** The zone every working hour is read in. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** The years whose State Council notices ship as {@code huying/calendars/<year>.json}. */
    public static final List<Integer> SHIPPED_YEARS = List.of(2025, 2026);

    private static final String RESOURCE_PATTERN = "huying/calendars/%d.json";

    private final Map<Integer, CalendarYear> years;
    private final Map<Integer, Set<LocalDate>> daysOff;
    private final Map<Integer, Set<LocalDate>> makeUpWorkdays;

    private WorkingCalendar(Collection<CalendarYear> calendarYears) {
        Map<Integer, CalendarYear> byYear = new TreeMap<>();
        Map<Integer, Set<LocalDate>> off = new HashMap<>();
        Map<Integer, Set<LocalDate>> makeUp = new HashMap<>();
        for (CalendarYear year : calendarYears) {
            if (byYear.put(year.year(), year) != null) {
                throw new IllegalArgumentException("Calendar year " + year.year() + " given twice");
            }
            off.put(year.year(), Set.copyOf(year.daysOff()));
            makeUp.put(year.year(), Set.copyOf(year.makeUpWorkdays()));
        }
        if (byYear.isEmpty()) {
            throw new IllegalArgumentException("A working calendar needs at least one year");
        }
        this.years = Collections.unmodifiableMap(byYear);
        this.daysOff = off;
        this.makeUpWorkdays = makeUp;
    }

    /** A calendar made of the given years. */
    public static WorkingCalendar of(Collection<CalendarYear> years) {
        return new WorkingCalendar(List.copyOf(years));
    }

    /** Loads {@code huying/calendars/<year>.json} from the classpath for each year. */
    public static WorkingCalendar fromClasspath(int... years) {
        List<CalendarYear> loaded = new ArrayList<>();
        for (int year : years) {
            loaded.add(readClasspathYear(year));
        }
        return of(loaded);
    }

    /** The shipped years' calendars ({@link #SHIPPED_YEARS}), read from the classpath once. */
    public static List<CalendarYear> shippedYears() {
        return Shipped.YEARS;
    }

    /** The shipped files, read once, when first needed (the years are immutable). */
    private static final class Shipped {
        static final List<CalendarYear> YEARS = SHIPPED_YEARS.stream().map(WorkingCalendar::readClasspathYear).toList();
    }

    /**
     * The given years (loaded notices) plus a provisional year ({@link StatutoryHolidays}) for each year
     * of the lunar-date table that has none, with the sessions of the latest given year. Every service
     * that waits for working hours builds its calendar this way, so all agree on the same days.
     */
    public static WorkingCalendar withProvisionalYears(Collection<CalendarYear> loaded) {
        TreeMap<Integer, CalendarYear> byYear = new TreeMap<>();
        loaded.forEach(y -> byYear.put(y.year(), y));
        if (byYear.isEmpty()) {
            throw new IllegalArgumentException("A working calendar needs at least one loaded year");
        }
        List<WorkingSession> sessions = byYear.lastEntry().getValue().sessions();
        StatutoryHolidays statutory = Statutory.TABLE;
        for (int year : statutory.years()) {
            byYear.computeIfAbsent(year, y -> statutory.provisionalYear(y, sessions));
        }
        return of(byYear.values());
    }

    /** The lunar-date table, read once, when first needed. */
    private static final class Statutory {
        static final StatutoryHolidays TABLE = StatutoryHolidays.fromClasspath();
    }

    /** Reads one year's calendar file from the classpath; fails if it is missing or invalid. */
    public static CalendarYear readClasspathYear(int year) {
        String resource = RESOURCE_PATTERN.formatted(year);
        try (InputStream in = WorkingCalendar.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No working calendar file " + resource + " on the classpath");
            }
            CalendarYear calendarYear = read(in, resource);
            if (calendarYear.year() != year) {
                throw new IllegalArgumentException(resource + " declares year " + calendarYear.year());
            }
            return calendarYear;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /** Parses one year's calendar JSON; {@code origin} names it in error messages. */
    public static CalendarYear read(InputStream json, String origin) {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return mapper.readValue(json, CalendarYear.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid working calendar " + origin + ": " + e.getMessage(), e);
        }
    }

    /** The loaded years, ascending. */
    public Set<Integer> years() {
        return Collections.unmodifiableSet(new TreeSet<>(years.keySet()));
    }

    /** The data version of each loaded year, for recording which calendar a deadline was computed with. */
    public Map<Integer, String> versions() {
        Map<Integer, String> versions = new TreeMap<>();
        years.forEach((year, calendar) -> versions.put(year, calendar.version()));
        return Collections.unmodifiableMap(versions);
    }

    /** The data version of {@code year}, or null when no calendar is loaded for it. */
    public String versionOf(int year) {
        CalendarYear calendarYear = years.get(year);
        return calendarYear == null ? null : calendarYear.version();
    }

    /**
     * {@code t} itself when it lies in working hours, else the start of the next session: when a
     * non-urgent reminder or message may go out.
     */
    public Instant nextWorkingInstant(Instant t) {
        LocalDateTime local = LocalDateTime.ofInstant(t, ZONE);
        for (LocalDate day = local.toLocalDate(); ; day = day.plusDays(1)) {
            for (WorkingSession session : sessionsOn(day)) {
                LocalDateTime end = day.atTime(session.end());
                if (local.isBefore(end)) {
                    LocalDateTime start = day.atTime(session.start());
                    return (local.isAfter(start) ? local : start).atZone(ZONE).toInstant();
                }
            }
        }
    }

    /** Whether {@code year} runs on a provisional calendar ({@link StatutoryHolidays}) rather than a loaded notice. */
    public boolean isProvisional(int year) {
        return StatutoryHolidays.isProvisional(versionOf(year));
    }

    /**
     * Whether {@code date} is a working day: a make-up workday, or a regular working day of the week
     * that is not a statutory holiday.
     *
     * @throws CalendarYearNotLoadedException if the date's year is not loaded
     */
    public boolean isWorkingDay(LocalDate date) {
        CalendarYear year = yearOf(date);
        if (makeUpWorkdays.get(year.year()).contains(date)) {
            return true;
        }
        return year.workingDaysOfWeek().contains(date.getDayOfWeek())
                && !daysOff.get(year.year()).contains(date);
    }

    /** The office-hour sessions of {@code date}; empty on a day that is not a working day. */
    public List<WorkingSession> sessionsOn(LocalDate date) {
        return isWorkingDay(date) ? yearOf(date).sessions() : List.of();
    }

    /** Calendar days (自然日): the same wall-clock time {@code days} dates later in Asia/Shanghai. */
    public Instant addCalendarDays(Instant start, int days) {
        return start.atZone(ZONE).plusDays(days).toInstant();
    }

    /** {@link #addWorkingTime} in whole minutes. */
    public Instant addWorkingMinutes(Instant start, long minutes) {
        return addWorkingTime(start, Duration.ofMinutes(minutes));
    }

    /**
     * The earliest instant by which {@code amount} of working time has elapsed since {@code start}.
     * A start outside working hours counts from the next session start; time outside sessions (nights,
     * the lunch break, weekends, holidays) does not count. A zero amount returns {@code start}.
     *
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws CalendarYearNotLoadedException if the count reaches a year that is not loaded
     */
    public Instant addWorkingTime(Instant start, Duration amount) {
        Objects.requireNonNull(start, "start");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("Working time to add must not be negative: " + amount);
        }
        LocalDateTime cursor = local(start);
        yearOf(cursor.toLocalDate());
        if (amount.isZero()) {
            return start;
        }
        Duration remaining = amount;
        LocalDate day = cursor.toLocalDate();
        while (true) {
            for (WorkingSession session : sessionsOn(day)) {
                LocalDateTime sessionEnd = day.atTime(session.end());
                if (!cursor.isBefore(sessionEnd)) {
                    continue;
                }
                LocalDateTime from = max(cursor, day.atTime(session.start()));
                Duration available = Duration.between(from, sessionEnd);
                if (remaining.compareTo(available) <= 0) {
                    return instant(from.plus(remaining));
                }
                remaining = remaining.minus(available);
                cursor = sessionEnd;
            }
            day = day.plusDays(1);
            cursor = day.atStartOfDay();
        }
    }

    /** {@link #workingTimeBetween} truncated to whole minutes. */
    public long workingMinutesBetween(Instant from, Instant to) {
        return workingTimeBetween(from, to).toMinutes();
    }

    /**
     * Working time elapsed between two instants — the time already used on a clock, kept when a calendar
     * or policy change recomputes a deadline. Negative when {@code to} is before {@code from}. For any
     * start and non-negative amount, {@code workingTimeBetween(s, addWorkingTime(s, d))} equals {@code d}.
     *
     * @throws CalendarYearNotLoadedException if a date in the range is in a year that is not loaded
     */
    public Duration workingTimeBetween(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return workingTimeBetween(to, from).negated();
        }
        LocalDateTime a = local(from);
        LocalDateTime b = local(to);
        Duration total = Duration.ZERO;
        for (LocalDate day = a.toLocalDate(); !day.isAfter(b.toLocalDate()); day = day.plusDays(1)) {
            for (WorkingSession session : sessionsOn(day)) {
                LocalDateTime start = max(a, day.atTime(session.start()));
                LocalDateTime end = min(b, day.atTime(session.end()));
                if (start.isBefore(end)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /**
     * 工作日 deadline: {@code days} working days after {@code start}, at the same working-time position.
     *
     * <ol>
     *   <li>A start outside working hours (night, lunch break, weekend, holiday, or exactly at a session's
     *       end) is first moved to the next session start, as work can only begin then.</li>
     *   <li>The deadline is the same clock time on the {@code days}-th working day after that date
     *       (make-up days count, holidays do not): 5 working days from Friday 17:00 is 17:00 on the fifth
     *       following working day.</li>
     *   <li>That instant is clamped into working hours: the latest instant at or before it that lies in
     *       a session, a session's end included and its start excluded. The start of a session is the
     *       same working-time position as the end of the previous one, and the earlier of the two is the
     *       deadline: one working day from a Saturday, or from Friday 17:30, is Monday 17:30, not Tuesday
     *       08:30. The same applies if a later year's sessions differ and the clock time falls outside them.</li>
     * </ol>
     *
     * With the same sessions on every working day this equals
     * {@code addWorkingTime(start, days × length of a working day)}. Zero days returns {@code start}.
     *
     * @throws IllegalArgumentException if {@code days} is negative
     * @throws CalendarYearNotLoadedException if the count reaches a year that is not loaded
     */
    public Instant addWorkingDays(Instant start, int days) {
        Objects.requireNonNull(start, "start");
        if (days < 0) {
            throw new IllegalArgumentException("Working days to add must not be negative: " + days);
        }
        LocalDateTime anchor = nextWorkingInstant(local(start));
        if (days == 0) {
            return start;
        }
        LocalDate day = anchor.toLocalDate();
        for (int counted = 0; counted < days; ) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return instant(latestWorkingPositionAtOrBefore(day.atTime(anchor.toLocalTime())));
    }

    /** The first instant at or after {@code t} that is in working hours (session start inclusive, end exclusive). */
    private LocalDateTime nextWorkingInstant(LocalDateTime t) {
        for (LocalDate day = t.toLocalDate(); ; day = day.plusDays(1)) {
            for (WorkingSession session : sessionsOn(day)) {
                LocalDateTime sessionStart = day.atTime(session.start());
                LocalDateTime sessionEnd = day.atTime(session.end());
                if (t.isBefore(sessionEnd)) {
                    return max(t, sessionStart);
                }
            }
        }
    }

    /** The last instant at or before {@code t} that is in a session, counting a session's end but not its start. */
    private LocalDateTime latestWorkingPositionAtOrBefore(LocalDateTime t) {
        for (LocalDate day = t.toLocalDate(); ; day = day.minusDays(1)) {
            List<WorkingSession> sessions = sessionsOn(day);
            for (int i = sessions.size() - 1; i >= 0; i--) {
                WorkingSession session = sessions.get(i);
                if (t.isAfter(day.atTime(session.start()))) {
                    return min(t, day.atTime(session.end()));
                }
            }
        }
    }

    private CalendarYear yearOf(LocalDate date) {
        CalendarYear year = years.get(date.getYear());
        if (year == null) {
            throw new CalendarYearNotLoadedException(date, years());
        }
        return year;
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZONE);
    }

    private static Instant instant(LocalDateTime local) {
        return local.atZone(ZONE).toInstant();
    }

    private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
