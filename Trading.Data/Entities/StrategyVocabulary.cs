namespace Trading.Data.Entities;

/// <summary>What a strategy says after a closed bar.</summary>
public enum Signal { None, EnterLong, EnterShort, Exit }

/// <summary>The side a strategy holds.</summary>
public enum StrategyPosition { Flat, Long, Short }
