// placeholder: replaced by the real host
Console.WriteLine("Provisioning.Api");
