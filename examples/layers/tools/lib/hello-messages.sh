HELLO_MESSAGE="hello from a layer,"
