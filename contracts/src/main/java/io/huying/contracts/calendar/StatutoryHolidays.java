package io.huying.contracts.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * 法定节假日 — the days off that 《全国年节及纪念日放假办法》 (as revised in 2025, in force from 2025) fixes
 * for every year, before the State Council's notice for that year (国务院办公厅关于某年部分节假日安排的通知)
 * adds its 调休 make-up workdays:
 *
 * <ul>
 *   <li>元旦 January 1; 春节 4 days, 除夕 and 正月初一 to 初三; 清明 the day of the Qingming solar term;
 *       劳动节 May 1 and 2; 端午 五月初五; 中秋 八月十五; 国庆 October 1 to 3.</li>
 *   <li>Article 6: a nationwide holiday (全体公民放假的假日) that falls on a Saturday or Sunday is made up
 *       (补假) on the following working day — here the first Monday-to-Friday days after that holiday's
 *       last day that are off for no other reason. A statutory day shared by two holidays (中秋 on
 *       October 1–3, as in 2020) is owed once more in the same way: both holidays' days are due.</li>
 * </ul>
 *
 * The lunar and solar-term dates come from {@value #TABLE}, one row per year; a year outside it has no
 * provisional calendar. What no rule fixes are the notice's 调休 (weekend days worked to join a holiday
 * to a weekend), so a provisional year has none; the loaded notice replaces it and open clocks are
 * recomputed.
 *
 * <p>Immutable and thread-safe; the provisional years are built once, at start-up.
 */
public final class StatutoryHolidays {
    /** The version suffix of a provisional year; an administrator's calendar may not use it. */
    public static final String PROVISIONAL = ".provisional";

    static final String TABLE = "huying/calendars/lunar-dates.csv";
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    /** One year's row of the table: 除夕, 清明, 端午, 中秋. */
    public record MovingDates(int year, LocalDate newYearsEve, LocalDate qingming, LocalDate dragonBoat, LocalDate midAutumn) {
        public MovingDates {
            for (LocalDate d : List.of(newYearsEve, qingming, dragonBoat, midAutumn)) {
                if (d.getYear() != year) {
                    throw new IllegalArgumentException(TABLE + ": " + d + " is not in " + year);
                }
            }
        }
    }

    private final TreeMap<Integer, MovingDates> table;

    private StatutoryHolidays(Map<Integer, MovingDates> table) {
        if (table.isEmpty()) {
            throw new IllegalArgumentException(TABLE + " has no year");
        }
        this.table = new TreeMap<>(table);
    }

    /** The table shipped on the classpath. */
    public static StatutoryHolidays fromClasspath() {
        try (InputStream in = StatutoryHolidays.class.getClassLoader().getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("No " + TABLE + " on the classpath");
            }
            return new StatutoryHolidays(read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TABLE, e);
        }
    }

    private static Map<Integer, MovingDates> read(BufferedReader lines) throws IOException {
        Map<Integer, MovingDates> rows = new TreeMap<>();
        int previous = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String row = line.strip();
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            String[] f = row.split(",");
            if (f.length != 5) {
                throw new IllegalStateException(TABLE + ": not year,除夕,清明,端午,中秋: " + row);
            }
            int year = Integer.parseInt(f[0]);
            // Consecutive years: a gap would make a year in the middle fail where its neighbours work.
            if (previous != 0 && year != previous + 1) {
                throw new IllegalStateException(TABLE + ": " + year + " does not follow " + previous);
            }
            previous = year;
            rows.put(year, new MovingDates(year, LocalDate.parse(f[1]), LocalDate.parse(f[2]), LocalDate.parse(f[3]),
                    LocalDate.parse(f[4])));
        }
        return rows;
    }

    /** The years the table covers, ascending. */
    public Set<Integer> years() {
        return Collections.unmodifiableSet(table.keySet());
    }

    public int first() {
        return table.keySet().iterator().next();
    }

    public int last() {
        return table.lastKey();
    }

    /** The table's row for {@code year}. */
    public MovingDates movingDates(int year) {
        MovingDates row = table.get(year);
        if (row == null) {
            throw new IllegalArgumentException("No lunar dates for " + year + " in " + TABLE + " (" + first() + "–" + last() + ")");
        }
        return row;
    }

    /**
     * The statutory holidays of {@code year}, in date order, each followed by its 补假 when it is owed
     * one (named e.g. {@code 劳动节补假}).
     */
    public List<HolidayPeriod> holidays(int year) {
        MovingDates m = movingDates(year);
        List<HolidayPeriod> statutory = new ArrayList<>(List.of(
                new HolidayPeriod("元旦", LocalDate.of(year, 1, 1), LocalDate.of(year, 1, 1)),
                new HolidayPeriod("春节", m.newYearsEve(), m.newYearsEve().plusDays(3)),
                new HolidayPeriod("清明节", m.qingming(), m.qingming()),
                new HolidayPeriod("劳动节", MonthDay.of(5, 1).atYear(year), MonthDay.of(5, 2).atYear(year)),
                new HolidayPeriod("端午节", m.dragonBoat(), m.dragonBoat()),
                new HolidayPeriod("中秋节", m.midAutumn(), m.midAutumn()),
                new HolidayPeriod("国庆节", MonthDay.of(10, 1).atYear(year), MonthDay.of(10, 3).atYear(year))));
        statutory.sort(Comparator.comparing(HolidayPeriod::from));

        Set<LocalDate> statutoryDays = new HashSet<>();
        statutory.forEach(h -> h.from().datesUntil(h.to().plusDays(1)).forEach(statutoryDays::add));
        Set<LocalDate> taken = new HashSet<>();
        Set<LocalDate> compensatory = new HashSet<>();
        List<HolidayPeriod> holidays = new ArrayList<>();
        for (HolidayPeriod h : statutory) {
            holidays.add(h);
            int owed = 0;
            for (LocalDate day = h.from(); !day.isAfter(h.to()); day = day.plusDays(1)) {
                if (!WEEKDAYS.contains(day.getDayOfWeek()) || !taken.add(day)) {
                    owed++;
                }
            }
            List<LocalDate> madeUp = new ArrayList<>();
            for (LocalDate day = h.to().plusDays(1); madeUp.size() < owed; day = day.plusDays(1)) {
                if (WEEKDAYS.contains(day.getDayOfWeek()) && !statutoryDays.contains(day) && compensatory.add(day)) {
                    madeUp.add(day);
                }
            }
            holidays.addAll(runs(h.name() + "补假", madeUp));
        }
        return List.copyOf(holidays);
    }

    /**
     * 临时工作日历 — a provisional calendar for {@code year}: Monday to Friday in {@code sessions}, off on the
     * statutory holidays and their 补假, no make-up workdays; version {@code <year>.provisional}.
     */
    public CalendarYear provisionalYear(int year, List<WorkingSession> sessions) {
        return new CalendarYear(year, year + PROVISIONAL,
                "provisional: the statutory holidays of 《全国年节及纪念日放假办法》 (2025) with 补假 for those on a weekend; "
                        + "the State Council's notice for " + year + " (调休) is not loaded",
                WEEKDAYS, sessions, holidays(year), List.of());
    }

    /** Whether {@code version} names a provisional year. */
    public static boolean isProvisional(String version) {
        return version != null && version.endsWith(PROVISIONAL);
    }

    private static List<HolidayPeriod> runs(String name, List<LocalDate> days) {
        List<HolidayPeriod> runs = new ArrayList<>();
        LocalDate from = null;
        LocalDate to = null;
        for (LocalDate day : days) {
            if (to != null && day.equals(to.plusDays(1))) {
                to = day;
                continue;
            }
            if (from != null) {
                runs.add(new HolidayPeriod(name, from, to));
            }
            from = day;
            to = day;
        }
        if (from != null) {
            runs.add(new HolidayPeriod(name, from, to));
        }
        return runs;
    }
}
