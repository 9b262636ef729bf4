package jp.kanmin.query.damage;

import jp.kanmin.query.damage.DamageBook.DistrictSummary;
import jp.kanmin.query.damage.DamageBook.Summary;
import jp.kanmin.shared.report.DamageGrade;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The damage summary as a spreadsheet municipalities already work with: a district table, then the figures of the
 * immediate report form (火災・災害等即報要領 第4号様式 その2 被害状況即報) that the summary can fill. UTF-8 with a
 * byte-order mark and CRLF line ends, so that Excel in Japan opens it without garbling.
 */
public final class DamageCsv {

    static final String MEDIA_TYPE = "text/csv;charset=UTF-8";
    private static final String BOM = "\uFEFF";
    private static final String EOL = "\r\n";
    private static final DateTimeFormatter JAPAN_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));

    private DamageCsv() {
    }

    /** @param exercise a workshop exercise's figures: the sheet says so in its title row and cannot be mistaken */
    static String of(Summary summary, boolean exercise) {
        StringBuilder csv = new StringBuilder(BOM);
        row(csv, exercise ? "【訓練】被害状況集計" : "被害状況集計", "事案", summary.incidentId(), "時点(日本時間)",
            JAPAN_TIME.format(summary.asOf()));
        csv.append(EOL);
        row(csv, "調査者", "地区", "登録事業所数", "調査済", "停電", "軽微な被害", "甚大な被害", "連絡不能事業所",
            "連絡不能地域", "道路寸断", "調査率(%)", "停電率(%)", "軽微率(%)", "甚大率(%)", "建物被害額(円)",
            "設備被害額(円)", "商品被害額(円)", "被害額合計(円)", "うち概算(円)", "うち確定(円)", "示唆される被害規模",
            "決定した被害規模");
        for (DistrictSummary d : summary.districts()) {
            row(csv, d.surveyor(), d.district(), d.registeredBusinesses(), d.surveyed(), d.powerOutage(),
                d.lightDamage(), d.severeDamage(), d.unreachableBusinesses(), d.unreachableAreas(), d.roadsCut(),
                d.percentages().surveyed(), d.percentages().powerOutage(), d.percentages().lightDamage(),
                d.percentages().severeDamage(), d.totals().building(), d.totals().equipment(), d.totals().goods(),
                d.totals().total(), d.totals().roughYen(), d.totals().confirmedYen(),
                d.suggestion() == null ? "" : d.suggestion().scale().ja(),
                d.judgement() == null || d.judgement().declared() == null ? "" : d.judgement().declared().ja());
        }
        csv.append(EOL);
        row(csv, "第4号様式(その2)の項目", "数値", "単位", "算出方法");
        int totalCollapse = count(summary, DamageGrade.TOTAL_COLLAPSE);
        int halfCollapse = count(summary, DamageGrade.HALF_COLLAPSE);
        row(csv, "非住家 その他", totalCollapse + halfCollapse, "棟",
            "調査した事業所のうち全壊・半壊の数 (非住家は全壊・半壊のみ計上)");
        row(csv, "(内訳) 全壊", totalCollapse, "棟", "");
        row(csv, "(内訳) 半壊", halfCollapse, "棟", "");
        row(csv, "(参考) 一部破壊", count(summary, DamageGrade.PARTIAL_DAMAGE), "棟", "即報の非住家には計上しない");
        row(csv, "(参考) 床上浸水", count(summary, DamageGrade.FLOODED_ABOVE_FLOOR), "棟", "即報の非住家には計上しない");
        row(csv, "(参考) 床下浸水", count(summary, DamageGrade.FLOODED_BELOW_FLOOR), "棟", "即報の非住家には計上しない");
        long totalYen = summary.districts().stream().mapToLong(d -> d.totals().total()).sum();
        row(csv, "商工被害", thousands(totalYen), "千円", "被害額合計(円)を千円単位に四捨五入");
        row(csv, "電気", summary.utilities().powerHouseholds(), "戸", "停電中の影響戸数 (電力事業者の報告)");
        row(csv, "水道", summary.utilities().waterHouseholds(), "戸", "断水中の影響戸数 (水道事業者の報告)");
        row(csv, "ガス", summary.utilities().gasHouseholds(), "戸", "供給停止中の影響戸数 (ガス事業者の報告)");
        row(csv, "電話", summary.utilities().telecomLines(), "回線", "不通の影響数 (通信事業者の報告)");
        return csv.toString();
    }

    static long thousands(long yen) {
        return BigDecimal.valueOf(yen).divide(BigDecimal.valueOf(1000), 0, RoundingMode.HALF_UP).longValueExact();
    }

    private static int count(Summary summary, DamageGrade grade) {
        return summary.districts().stream().mapToInt(d -> d.grades().getOrDefault(grade, 0)).sum();
    }

    private static void row(StringBuilder csv, Object... cells) {
        csv.append(Stream.of(cells).map(DamageCsv::cell).collect(Collectors.joining(","))).append(EOL);
    }

    /** Quotes as RFC 4180 asks, and defuses text a spreadsheet would run as a formula. */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = List.of(",", "\"", "\n", "\r").stream().anyMatch(text::contains);
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
