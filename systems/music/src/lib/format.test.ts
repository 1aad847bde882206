import { describe, expect, it } from "vitest";
import { formatDuration, formatPrice, formatRunningTime, parseDuration, parseEuros } from "./format";

describe("prices", () => {
  it("reads euros as typed in a form", () => {
    expect(parseEuros("9.99")).toBe(999);
    expect(parseEuros("9,5")).toBe(950);
    expect(parseEuros("€ 12")).toBe(1200);
    expect(parseEuros(" 0.05 ")).toBe(5);
    for (const bad of ["", "abc", "9.999", "-1", "1e3", "9.9.9"]) expect(parseEuros(bad)).toBeNaN();
  });

  it("writes prices in euros", () => {
    expect(formatPrice(999)).toBe("€9.99");
    expect(formatPrice(1200)).toBe("€12.00");
  });
});

describe("durations", () => {
  it("reads m:ss, h:mm:ss and plain seconds", () => {
    expect(parseDuration("3:45")).toBe(225);
    expect(parseDuration("0:58")).toBe(58);
    expect(parseDuration("12:05")).toBe(725);
    expect(parseDuration("1:02:05")).toBe(3725);
    expect(parseDuration("245")).toBe(245);
    for (const bad of ["", "3:60", "3.45", "a:bc", "1:75:00", "-3:00"]) expect(parseDuration(bad)).toBeNaN();
  });

  it("writes track and album lengths", () => {
    expect(formatDuration(225)).toBe("3:45");
    expect(formatDuration(58)).toBe("0:58");
    expect(formatDuration(3725)).toBe("1:02:05");
    expect(formatRunningTime(2520)).toBe("42 min");
    expect(formatRunningTime(4380)).toBe("1 h 13 min");
  });
});
