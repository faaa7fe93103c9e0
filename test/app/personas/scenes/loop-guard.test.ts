import { describe, expect, it } from "vitest";
import { loopStop, novelty } from "../../../../src/app/personas/scenes/loop-guard.js";

const line = (speaker: string, text: string) => ({ speaker, text });

describe("the scene loop guard", () => {
  it("stops a near-repeat of a recent line", () => {
    const history = [
      line("Reed", "We sail at dawn, whatever the gulls say."),
      line("Mira", "Fine."),
    ];
    expect(loopStop(history, line("Mira", "We sail at dawn, whatever the gulls say!"))).toBe(
      "repeating",
    );
  });

  it("stops two speakers circling without new words", () => {
    const circle = [
      line("Reed", "Are you sure about the storm tonight?"),
      line("Mira", "Sure about the storm, tonight, yes."),
      line("Reed", "The storm tonight, you are sure?"),
      line("Mira", "Yes, sure, the storm is tonight."),
      line("Reed", "Tonight the storm, so you are sure."),
    ];
    expect(loopStop(circle, line("Mira", "Sure, sure: storm tonight."))).toBe("circling");
  });

  it("lets a scene that moves on go on", () => {
    const moving = [
      line("Reed", "Are you sure about the storm tonight?"),
      line("Mira", "The barometer dropped since breakfast."),
      line("Reed", "Then we anchor behind the lighthouse."),
      line("Mira", "The harbourmaster wants paperwork first."),
      line("Reed", "Bribe him with rum and biscuits."),
    ];
    expect(loopStop(moving, line("Mira", "He prefers oranges, actually, and gossip."))).toBeNull();
  });

  it("does not count three voices taking turns as circling", () => {
    const three = [
      line("Reed", "storm tonight"),
      line("Mira", "storm tonight sure"),
      line("Tobias", "storm tonight surely"),
      line("Reed", "tonight storm sure"),
      line("Mira", "sure storm tonight"),
    ];
    expect(loopStop(three, line("Tobias", "storm surely tonight"))).not.toBe("circling");
  });

  it("measures novelty as the share of content words not used just before", () => {
    expect(novelty("the lighthouse keeper", ["a keeper of goats"])).toBe(0.5);
    expect(novelty("", [])).toBe(0);
  });
});
