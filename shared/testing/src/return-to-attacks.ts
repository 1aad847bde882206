/**
 * Known open-redirect bypass shapes, shared by store's unit tests of `safeReturnTo` and the
 * end-to-end checks of every place that takes a return URL. Each must end on `/` (the fallback).
 * `evil` is the attacker's host.
 */
export function returnToAttacks(evil = "evil.example"): [name: string, value: string][] {
  return [
    ["tab after the slash", `/\t/${evil}`],
    ["tab between the slashes", `/\t/${evil}/`],
    ["carriage return", `/\r/${evil}`],
    ["line feed", `/\n/${evil}`],
    ["leading space", ` //${evil}`],
    ["slash backslash", `/\\${evil}`],
    ["double backslash", `\\\\${evil}`],
    ["backslash slash", `\\/${evil}`],
    ["slash %5c", `/%5c${evil}`],
    ["%2f%2f", `%2f%2f${evil}`],
    ["protocol-relative", `//${evil}`],
    ["triple slash", `///${evil}`],
    ["four slashes", `////${evil}/x`],
    ["https:host without slashes", `https:${evil}`],
    ["https with a backslash", `https:\\\\${evil}`],
    ["https with one slash", `https:/${evil}`],
    ["mixed-case scheme", `HtTpS://${evil}/`],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["mixed-case javascript:", "JaVaScRiPt:alert(1)"],
    ["javascript: with a tab", "java\tscript:alert(1)"],
    ["javascript: with leading space", " javascript:alert(1)"],
    ["data:", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="],
    ["vbscript:", "vbscript:msgbox(1)"],
    ["userinfo @ on a suite host", `http://localhost:3003@${evil}/`],
    ["userinfo on the path", `//localhost:3003@${evil}`],
    ["credentials for a suite host", "http://user:pw@localhost:3001/"],
    ["fullwidth solidus", `/\uff0f${evil}`],
    ["fullwidth solidi", `\uff0f\uff0f${evil}`],
    ["ideographic full stop", `//evil\u3002example`],
    ["unicode look-alike host", `http://localhost:3001\u3002${evil}/`],
    ["look-alike host", `http://localhost:3001.${evil}/`],
    ["another port", "http://localhost:4000/"],
    ["another scheme on a suite host", "ftp://localhost:3001/"],
    ["dot segments to //", `/.//${evil}`],
    ["encoded dot segments", `/%2e%2e//${evil}`],
    ["NUL byte", `/\u0000//${evil}`],
    ["relative path", `${evil}/`],
    ["empty", ""],
  ];
}
