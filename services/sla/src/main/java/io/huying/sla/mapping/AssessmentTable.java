package io.huying.sla.mapping;

import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.platform.reference.Organisation;
import io.huying.sla.domain.AssessmentMeasure;
import io.huying.sla.rest.AssessmentView;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * 考核排名 as a table for download: one row per unit, in the ranking's order, with Chinese headers; each
 * rate as a percentage with its numerator and denominator beside it. Written as CSV (UTF-8 with a byte
 * order mark, so Excel reads the Chinese right, CRLF lines, RFC 4180 quoting) or as an .xlsx workbook.
 */
@ApplicationScoped
public class AssessmentTable {
    private final Organisation organisation;

    public AssessmentTable(Organisation organisation) {
        this.organisation = organisation;
    }

    /** The Chinese name of a measure, as the 考核 notices call it. */
    public static String label(AssessmentMeasure measure) {
        return switch (measure) {
            case SIGN_FOR_ON_TIME -> "签收及时率";
            case RESOLVED_ON_TIME -> "按期办结率";
            case RETURNED -> "退回率";
            case REWORKED -> "返工率";
            case SATISFIED -> "满意率";
            case RESOLVED -> "解决率";
        };
    }

    /** The columns: who, rank and score, then per measure its rate (%) and the counts behind it. */
    public List<XlsxWorkbook.Column> columns() {
        List<XlsxWorkbook.Column> columns = new ArrayList<>(List.of(
                new XlsxWorkbook.Column("月份", 9),
                new XlsxWorkbook.Column("排名", 6),
                new XlsxWorkbook.Column("单位", 16),
                new XlsxWorkbook.Column("单位路径", 34),
                new XlsxWorkbook.Column("层级", 9),
                new XlsxWorkbook.Column("排名范围", 12),
                new XlsxWorkbook.Column("参与排名单位数", 14),
                new XlsxWorkbook.Column("三率得分", 10),
                new XlsxWorkbook.Column("派遣任务数", 11)));
        for (AssessmentMeasure m : AssessmentMeasure.values()) {
            columns.add(new XlsxWorkbook.Column(label(m) + "(%)", 14));
            columns.add(new XlsxWorkbook.Column(label(m) + "分子", 12));
            columns.add(new XlsxWorkbook.Column(label(m) + "分母", 12));
        }
        return columns;
    }

    /** One row per unit of {@code view}: numbers as numbers, an absent figure (no denominator, no score, no rank) as null. */
    public List<List<Object>> rows(AssessmentView view) {
        List<List<Object>> rows = new ArrayList<>();
        for (AssessmentView.UnitFigures u : view.units()) {
            List<Object> row = new ArrayList<>();
            row.add(view.month());
            row.add(u.rank());
            row.add(u.name() == null ? u.unitPath() : u.name());
            row.add(u.unitPath());
            row.add(u.level() == UnitLevel.DEPARTMENT ? "区直部门" : u.level() == UnitLevel.SECTION ? "街道科室" : null);
            row.add(u.rankingGroup() == null ? null : organisation.current().unit(u.rankingGroup()).map(OrgUnit::name).orElse(u.rankingGroup()));
            row.add(u.rankedUnits());
            row.add(u.score());
            row.add(u.tasks());
            for (AssessmentMeasure m : AssessmentMeasure.values()) {
                AssessmentView.Figure f = u.measures().get(m);
                row.add(f.rate() == null ? null : BigDecimal.valueOf(f.rate()).multiply(BigDecimal.valueOf(100)).setScale(2, RoundingMode.HALF_UP));
                row.add(f.numerator());
                row.add(f.denominator());
            }
            rows.add(row);
        }
        return rows;
    }

    /** The table as CSV: UTF-8 with BOM, CRLF, a header row. */
    public byte[] csv(AssessmentView view) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        line(csv, columns().stream().map(c -> (Object) c.header()).toList());
        rows(view).forEach(row -> line(csv, row));
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The table as an .xlsx workbook, one sheet named after the month. */
    public byte[] xlsx(AssessmentView view) {
        return XlsxWorkbook.write("考核 " + view.month(), columns(), rows(view));
    }

    private static void line(StringBuilder csv, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            Object v = cells.get(i);
            String text = v == null ? "" : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            csv.append(text);
        }
        csv.append("\r\n");
    }
}
