package io.loanofficer.reporting.svg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plots as plain SVG text: line charts (a linear or a log x axis) and stacked bar charts, 640x360,
 * legend on the right. No plotting library: the benchmark that measures draws its plots, and the
 * compliance report its charts, inline in one self-contained HTML file.
 */
public final class SvgPlot {

  /** One line: its name in the legend and its (x, y) points in order. */
  public record Series(String name, List<double[]> points) {}

  static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
      "#7f7f7f", "#bcbd22", "#17becf"};
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final double LEFT = 60;
  private static final double RIGHT = 470;
  private static final double TOP = 30;
  private static final double BOTTOM = 310;

  private SvgPlot() {}

  /** A line chart; with {@code logX} the x axis has one tick per power of ten. */
  public static String lines(String title, String xLabel, String yLabel, boolean logX, List<Series> series) {
    double minX = Double.MAX_VALUE;
    double maxX = 0;
    double maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    Axis x = logX ? Axis.log(minX, maxX) : Axis.linear(maxX);
    Axis y = Axis.linear(maxY);
    StringBuilder svg = header(title, xLabel, yLabel);
    for (double tick : x.ticks()) {
      double px = LEFT + x.fraction(tick) * (RIGHT - LEFT);
      svg.append(line(px, BOTTOM, px, BOTTOM + 4)).append(text(px, BOTTOM + 16, "middle", number(tick)));
    }
    yTicks(svg, y);
    for (int i = 0; i < series.size(); i++) {
      String color = COLORS[i % COLORS.length];
      List<String> coordinates = new ArrayList<>();
      for (double[] p : series.get(i).points()) {
        coordinates.add(f(LEFT + x.fraction(p[0]) * (RIGHT - LEFT)) + "," + f(BOTTOM - y.fraction(p[1]) * (BOTTOM - TOP)));
      }
      svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"")
          .append(String.join(" ", coordinates)).append("\"/>\n");
      if (coordinates.size() <= 12) {
        for (String c : coordinates) {
          String[] xy = c.split(",");
          svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"3\" fill=\"")
              .append(color).append("\"/>\n");
        }
      }
      legend(svg, i, series.get(i).name());
    }
    return svg.append("</svg>\n").toString();
  }

  /** One bar per category, stacked from the first series up; the total above each bar; no x axis title. */
  public static String stackedBars(String title, String yLabel, List<String> categories, Map<String, double[]> stacks) {
    double maxY = 0;
    double[] totals = new double[categories.size()];
    for (double[] values : stacks.values()) {
      for (int c = 0; c < categories.size(); c++) {
        totals[c] += values[c];
        maxY = Math.max(maxY, totals[c]);
      }
    }
    Axis y = Axis.linear(maxY);
    StringBuilder svg = header(title, "", yLabel);
    yTicks(svg, y);
    double slot = (RIGHT - LEFT) / categories.size();
    double[] base = new double[categories.size()];
    int i = 0;
    for (Map.Entry<String, double[]> stack : stacks.entrySet()) {
      String color = COLORS[i % COLORS.length];
      for (int c = 0; c < categories.size(); c++) {
        double bottom = BOTTOM - y.fraction(base[c]) * (BOTTOM - TOP);
        double top = BOTTOM - y.fraction(base[c] + stack.getValue()[c]) * (BOTTOM - TOP);
        base[c] += stack.getValue()[c];
        svg.append("<rect x=\"").append(f(LEFT + slot * c + slot * 0.2)).append("\" y=\"").append(f(top))
            .append("\" width=\"").append(f(slot * 0.6)).append("\" height=\"").append(f(bottom - top))
            .append("\" fill=\"").append(color).append("\"/>\n");
      }
      legend(svg, i++, stack.getKey());
    }
    for (int c = 0; c < categories.size(); c++) {
      double center = LEFT + slot * c + slot / 2;
      // every other label a line lower: long names side by side do not overlap
      svg.append(text(center, BOTTOM + 14 + 12 * (c % 2), "middle", categories.get(c)));
      svg.append(text(center, BOTTOM - y.fraction(totals[c]) * (BOTTOM - TOP) - 4, "middle", number(totals[c])));
    }
    return svg.append("</svg>\n").toString();
  }

  /** A scale from 0 (or a power of ten, on a log axis) to a round maximum, and its ticks. */
  private record Axis(double min, double max, double step, boolean log) {

    /** 0 to the smallest multiple of a 1-2-5 step (max/5 or more) at or above {@code max}. */
    static Axis linear(double max) {
      double raw = Math.max(max, 1e-9) / 5;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = raw <= magnitude ? magnitude : raw <= 2 * magnitude ? 2 * magnitude
          : raw <= 5 * magnitude ? 5 * magnitude : 10 * magnitude;
      double top = Math.ceil(max / step - 1e-9) * step;
      return new Axis(0, top > 0 ? top : step, step, false);
    }

    static Axis log(double min, double max) {
      double low = Math.floor(Math.log10(Math.max(min, 0.01)));
      double high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(max, 0.01))));
      return new Axis(low, high, 1, true);
    }

    double fraction(double value) {
      double v = log ? Math.log10(Math.max(value, Math.pow(10, min))) : value;
      return (v - min) / (max - min);
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      for (double t = min; t <= max + step / 1000; t += step) {
        ticks.add(log ? Math.pow(10, Math.round(t)) : Math.round(t / step) * step);
      }
      return ticks;
    }
  }

  private static StringBuilder header(String title, String xLabel, String yLabel) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
    svg.append("<rect width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" fill=\"white\"/>\n");
    svg.append(text((LEFT + RIGHT) / 2, 18, "middle", title));
    svg.append(line(LEFT, TOP, LEFT, BOTTOM)).append(line(LEFT, BOTTOM, RIGHT, BOTTOM));
    svg.append(text((LEFT + RIGHT) / 2, BOTTOM + 34, "middle", xLabel));
    svg.append("<text x=\"14\" y=\"").append(f((TOP + BOTTOM) / 2)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
        .append(f((TOP + BOTTOM) / 2)).append(")\">").append(escape(yLabel)).append("</text>\n");
    return svg;
  }

  private static void yTicks(StringBuilder svg, Axis y) {
    for (double tick : y.ticks()) {
      double py = BOTTOM - y.fraction(tick) * (BOTTOM - TOP);
      svg.append(line(LEFT - 4, py, LEFT, py)).append(text(LEFT - 6, py + 4, "end", number(tick)));
    }
  }

  private static void legend(StringBuilder svg, int index, String name) {
    double y = TOP + 4 + index * 16;
    svg.append("<rect x=\"").append(f(RIGHT + 14)).append("\" y=\"").append(f(y)).append("\" width=\"10\" height=\"10\" fill=\"")
        .append(COLORS[index % COLORS.length]).append("\"/>\n");
    svg.append(text(RIGHT + 28, y + 9, "start", name));
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return "<line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2) + "\" stroke=\"black\"/>\n";
  }

  private static String text(double x, double y, String anchor, String content) {
    return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" text-anchor=\"" + anchor + "\">" + escape(content) + "</text>\n";
  }

  /** A tick or total: whole from 100 up or when whole, else 3 significant digits without trailing zeros. */
  public static String number(double value) {
    if (Math.abs(value) >= 100 || value == Math.rint(value)) {
      return Long.toString(Math.round(value));
    }
    return String.format(Locale.ROOT, "%.3g", value).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
  }

  private static String f(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
