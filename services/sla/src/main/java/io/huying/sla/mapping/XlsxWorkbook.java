package io.huying.sla.mapping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A one-sheet .xlsx workbook (Office Open XML, ECMA-376) written with {@code java.util.zip} alone: a bold,
 * frozen header row, column widths, text as inline strings and numbers as numbers. Enough for an export
 * that Excel, WPS and LibreOffice open; nothing more (no formulas, dates or shared strings), so no
 * spreadsheet library is needed at run time.
 */
public final class XlsxWorkbook {
    /** The media type of an .xlsx file. */
    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /** A column: its header and its width in characters. */
    public record Column(String header, int width) {
    }

    private XlsxWorkbook() {
    }

    /**
     * The workbook's bytes: one sheet named {@code sheetName}, the headers in row 1, then {@code rows}, each a list
     * of cells in column order: a {@link Number} is written as a number, null as an empty cell, anything else as text.
     */
    public static byte[] write(String sheetName, List<Column> columns, List<List<Object>> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            entry(zip, "[Content_Types].xml", XML
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                    + "</Types>");
            entry(zip, "_rels/.rels", XML + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + RELATIONSHIPS + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>");
            entry(zip, "xl/workbook.xml", XML + "<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + RELATIONSHIPS + "\">"
                    + "<sheets><sheet name=\"" + escape(sheetName(sheetName)) + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, "xl/_rels/workbook.xml.rels", XML
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + RELATIONSHIPS + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + "<Relationship Id=\"rId2\" Type=\"" + RELATIONSHIPS + "/styles\" Target=\"styles.xml\"/>"
                    + "</Relationships>");
            // Style 0: plain; style 1: bold (the header row). Fonts, fills and borders as Excel expects at least.
            entry(zip, "xl/styles.xml", XML + "<styleSheet xmlns=\"" + MAIN + "\">"
                    + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
                    + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                    + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                    + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                    + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                    + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                    + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
                    + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                    + "</styleSheet>");
            entry(zip, "xl/worksheets/sheet1.xml", sheet(columns, rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static String sheet(List<Column> columns, List<List<Object>> rows) {
        StringBuilder x = new StringBuilder(XML).append("<worksheet xmlns=\"").append(MAIN).append("\">");
        x.append("<dimension ref=\"A1:").append(column(columns.size() - 1)).append(rows.size() + 1).append("\"/>");
        x.append("<sheetViews><sheetView workbookViewId=\"0\">")
                .append("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
        x.append("<sheetFormatPr defaultRowHeight=\"15\"/><cols>");
        for (int i = 0; i < columns.size(); i++) {
            x.append("<col min=\"").append(i + 1).append("\" max=\"").append(i + 1).append("\" width=\"").append(columns.get(i).width())
                    .append("\" customWidth=\"1\"/>");
        }
        x.append("</cols><sheetData>");
        row(x, 1, columns.stream().map(c -> (Object) c.header()).toList(), 1);
        for (int r = 0; r < rows.size(); r++) {
            row(x, r + 2, rows.get(r), 0);
        }
        return x.append("</sheetData></worksheet>").toString();
    }

    private static void row(StringBuilder x, int number, List<Object> cells, int style) {
        x.append("<row r=\"").append(number).append("\">");
        for (int i = 0; i < cells.size(); i++) {
            Object value = cells.get(i);
            if (value == null) {
                continue;
            }
            String ref = column(i) + number;
            String styled = style == 0 ? "" : " s=\"" + style + "\"";
            if (value instanceof Number n && finite(n)) {
                String text = n instanceof BigDecimal d ? d.toPlainString() : n.toString();
                x.append("<c r=\"").append(ref).append('"').append(styled).append("><v>").append(text).append("</v></c>");
            } else {
                x.append("<c r=\"").append(ref).append("\" t=\"inlineStr\"").append(styled).append("><is><t xml:space=\"preserve\">")
                        .append(escape(value.toString())).append("</t></is></c>");
            }
        }
        x.append("</row>");
    }

    private static boolean finite(Number n) {
        return !(n instanceof Double d && !Double.isFinite(d)) && !(n instanceof Float f && !Float.isFinite(f));
    }

    /** A, B, …, Z, AA, AB, … for the 0-based column {@code index}. */
    static String column(int index) {
        StringBuilder name = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            name.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return name.toString();
    }

    /** Excel refuses a sheet name over 31 characters or with any of []:*?/\ in it. */
    private static String sheetName(String name) {
        String cleaned = name.replaceAll("[\\[\\]:*?/\\\\]", "-");
        return cleaned.length() > 31 ? cleaned.substring(0, 31) : cleaned;
    }

    /** XML text: the five special characters escaped, and the control characters XML 1.0 cannot carry left out. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
