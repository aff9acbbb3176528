// The map page at /: placeholder entry so the build has something to bundle (written next).
export {};
