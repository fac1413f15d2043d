import { describe, expect, it } from "vitest";
import { callCommand } from "../src/commands/call.js";
import { asCallReply } from "../src/commands/decode.js";
import { ForbiddenCommandError, InvalidArgumentError } from "../src/errors.js";

const call = (name: string, ...args: (string | number)[]) => callCommand(name, args, asCallReply);

describe("call() arity check", () => {
  it("a fixed arity (N > 0) needs exactly N words", () => {
    expect(call("GET", "k").argv).toEqual(["GET", "k"]);
    expect(() => call("GET")).toThrow(InvalidArgumentError);
    expect(() => call("get", "a", "b")).toThrow(/GET takes exactly 1 argument, got 2/);
    // PING is -1 (at least the name): beyond what the table says, the server decides.
    expect(call("PING", "a", "b").argv).toHaveLength(3);
  });

  it("a variable arity (-N) needs at least N words", () => {
    expect(call("DEL", "a", "b", "c").argv).toHaveLength(4);
    expect(() => call("DEL")).toThrow(/DEL takes at least 1 argument, got 0/);
    expect(() => call("SET", "k")).toThrow(InvalidArgumentError);
    expect(call("SET", "k", "v", "EX", 10).argv).toEqual(["SET", "k", "v", "EX", "10"]);
  });

  it("a container checks its subcommand's arity", () => {
    expect(() => call("CONFIG")).toThrow(/CONFIG takes at least 1 argument, got 0/);
    expect(() => call("CONFIG", "GET")).toThrow(/CONFIG GET takes at least 1 argument, got 0/);
    expect(() => call("object", "encoding")).toThrow(/OBJECT ENCODING takes exactly 1 argument, got 0/);
    expect(() => call("OBJECT", "ENCODING", "a", "b")).toThrow(InvalidArgumentError);
    expect(call("OBJECT", "encoding", "k").argv).toEqual(["OBJECT", "encoding", "k"]);
    expect(call("CLIENT", "ID").argv).toEqual(["CLIENT", "ID"]);
    expect(() => call("CLIENT", "ID", "x")).toThrow(/CLIENT ID takes exactly 0 arguments, got 1/);
  });

  it("an unknown command or subcommand is left to the server", () => {
    expect(call("NOSUCHCOMMAND").argv).toEqual(["NOSUCHCOMMAND"]);
    expect(call("JSON.GET", "k", "$").argv).toEqual(["JSON.GET", "k", "$"]);
    expect(call("CONFIG", "NOSUCHSUB").argv).toEqual(["CONFIG", "NOSUCHSUB"]);
  });

  it("a refused command says so whatever its argument count", () => {
    expect(() => call("SELECT")).toThrow(ForbiddenCommandError);
    expect(() => call("SELECT", 1, 2)).toThrow(ForbiddenCommandError);
    expect(() => call("CLIENT", "REPLY")).toThrow(ForbiddenCommandError);
  });
});
